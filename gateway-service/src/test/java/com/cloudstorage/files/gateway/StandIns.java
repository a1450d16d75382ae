package com.cloudstorage.files.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Small real HTTP servers standing in for metadata-service and storage-service: just the
 * internal endpoints the gateway calls, recording what they received. The storage
 * stand-in consumes the streamed body and hashes it.
 */
public final class StandIns {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** The file every download test reads. */
	public static final String KNOWN_FILE = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	static final String PRESIGNED_URL = "http://s3.test/files/uploads/" + KNOWN_FILE
			+ "?X-Amz-Signature=secret-signature&X-Amz-Expires=60";

	static final String CONFLICT = "{\"type\":\"https://errors.cloudstorage.dev/files/file-attached-to-submitted-document\","
			+ "\"title\":\"File attached to submitted document\",\"status\":409,\"detail\":\"Attached.\","
			+ "\"code\":\"FileAttachedToSubmittedDocument\",\"documents\":[{\"type\":\"Sales Invoice\",\"name\":\"INV-1\"}]}";

	/** A list cursor the metadata stand-in answers with 503 problem+json. */
	public static final String CRAFTED_CURSOR = "crafted";

	/** A list cursor the metadata stand-in never answers. */
	public static final String STALLING_CURSOR = "stall";

	/** A list limit the metadata stand-in refuses with 400. */
	public static final String BAD_LIMIT = "-1";

	/** The link id the metadata stand-in announces for a new sharing link. */
	public static final String LINK_ID = "0b6f7e1a-2c3d-4e5f-8a9b-1c2d3e4f5a6b";

	/** The read grant the metadata stand-in's location carries for the known file. */
	static final String READ_GRANT = "k1.read-grant-for-the-known-file.mac";

	static final byte[] STORED_BYTES = "0123456789".getBytes(StandardCharsets.US_ASCII);

	public final ConcurrentLinkedQueue<Received> metadataCalls = new ConcurrentLinkedQueue<>();

	public final ConcurrentLinkedQueue<Received> storageCalls = new ConcurrentLinkedQueue<>();

	final DisposableServer metadata;

	final DisposableServer storage;

	public StandIns() {
		this.metadata = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes
				.post("/internal/v1/uploads", (req, res) -> record(this.metadataCalls, req).flatMap((call) -> {
					String id = UUID.randomUUID().toString();
					JsonNode body = JSON.readTree(call.body());
					long maxBytes = body.get("name").asString().startsWith("big") ? 10 : 1L << 40;
					// Names starting "short": the storage stand-in reports a byte less.
					String key = "uploads/" + (body.get("name").asString().startsWith("short") ? "short-" : "") + id;
					return json(res, 201, "{\"fileId\":\"" + id + "\",\"provider\":\"local\",\"key\":\"" + key
							+ "\",\"maxBytes\":" + maxBytes + ",\"completionGrant\":\"" + grantOf(id) + "\"}");
				}).then())
				.post("/internal/v1/uploads/{id}/complete",
						(req, res) -> record(this.metadataCalls, req).flatMap((call) -> {
							JsonNode body = JSON.readTree(call.body());
							ObjectNode file = JSON.createObjectNode();
							file.put("id", req.param("id"));
							file.put("size", body.get("size").asLong());
							file.put("sha256", body.get("sha256").asString());
							file.put("status", "AVAILABLE");
							file.put("owner", "alice");
							return json(res, 200, file.toString());
						}).then())
				.post("/internal/v1/uploads/{id}/abort",
						(req, res) -> record(this.metadataCalls, req).flatMap((call) -> res.status(204).send().then()))
				.get("/internal/v1/files/{id}/location",
						(req, res) -> record(this.metadataCalls, req).flatMap((call) -> {
							if (!KNOWN_FILE.equals(req.param("id"))) {
								return problem(res, 404, "NoSuchFile");
							}
							return json(res, 200, "{\"fileId\":\"" + KNOWN_FILE
									+ "\",\"name\":\"r\u00e9sum\u00e9 1.pdf\","
									+ "\"contentType\":\"application/pdf\",\"size\":10,\"sha256\":\"abc\",\"etag\":\"\\\"e1\\\"\","
									+ "\"provider\":\"local\",\"bucket\":\"files\",\"key\":\"uploads/" + KNOWN_FILE
									+ "\",\"storageGrant\":\"" + READ_GRANT + "\"}");
						}).then())
				.post("/api/v1/files/{id}/share-link",
						(req, res) -> record(this.metadataCalls, req)
							.flatMap((call) -> res.status(201)
								.header("Content-Type", "application/json")
								.header("X-Link-Id", LINK_ID)
								.sendString(Mono.just("{\"id\":\"" + LINK_ID + "\"}"))
								.then())
							.then())
				.route(prefix("/api/"), (req, res) -> record(this.metadataCalls, req).flatMap((call) -> {
					if (req.uri().contains("cursor=" + CRAFTED_CURSOR)) {
						// What metadata-service answered in issue #8 for a date
						// PostgreSQL
						// cannot hold: a 503 caused by the caller's input.
						return problem(res, 503, "ServiceUnavailable");
					}
					if (req.uri().contains("cursor=" + STALLING_CURSOR)) {
						return Mono.never();
					}
					if (req.uri().contains("limit=" + BAD_LIMIT)) {
						return problem(res, 400, "InvalidRequest");
					}
					if (req.method().name().equals("DELETE")) {
						return res.status(409)
							.header("Content-Type", "application/problem+json")
							.sendString(Mono.just(CONFLICT))
							.then();
					}
					if (req.method().name().equals("PUT")) {
						return json(res, 200, call.body());
					}
					if (req.uri().startsWith("/api/v1/files/")) {
						return problem(res, 404, "NoSuchFile");
					}
					return res.status(200)
						.header("Content-Type", "application/json")
						.header("X-Internal-Secret", "never-leaks")
						.sendString(Mono.just("{\"items\":[],\"nextCursor\":null}"))
						.then();
				}).then()))
			.bindNow();
		this.storage = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.put("/internal/v1/objects/{provider}", this::put)
				.post("/internal/v1/presigned-downloads", (req, res) -> record(this.storageCalls, req)
					.flatMap((call) -> !READ_GRANT.equals(call.headers().get("storage-grant"))
							? problem(res, 403, "Forbidden")
							: json(res, 200,
									"{\"url\":\"" + PRESIGNED_URL + "\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}"))
					.then())
				.get("/internal/v1/objects/{provider}", (req, res) -> record(this.storageCalls, req).flatMap((call) -> {
					// As storage-service: nothing is read without the location's read
					// grant.
					if (!READ_GRANT.equals(req.requestHeaders().get("Storage-Grant"))) {
						return problem(res, 403, "Forbidden");
					}
					String range = req.requestHeaders().get("Range");
					res.header("ETag", "\"e1\"")
						.header("Accept-Ranges", "bytes")
						.header("Content-Type", "application/pdf")
						.header("Content-Disposition", "attachment; filename=\"resume 1.pdf\"")
						.header("X-Content-Type-Options", "nosniff")
						.header("X-Internal-Secret", "never-leaks");
					if ("bytes=0-3".equals(range)) {
						return res.status(206)
							.header("Content-Range", "bytes 0-3/10")
							.header("Content-Length", "4")
							.sendByteArray(Mono.just(java.util.Arrays.copyOf(STORED_BYTES, 4)))
							.then();
					}
					return res.status(200).header("Content-Length", "10").sendByteArray(Mono.just(STORED_BYTES)).then();
				}).then()))
			.bindNow();
	}

	/** Consumes the streamed body chunk by chunk, hashing it, never holding it whole. */
	private Mono<Void> put(HttpServerRequest req, HttpServerResponse res) {
		MessageDigest sha256 = sha256();
		AtomicLong size = new AtomicLong();
		return req.receive().doOnNext((chunk) -> {
			size.addAndGet(chunk.readableBytes());
			sha256.update(chunk.nioBuffer());
		}).then(Mono.defer(() -> {
			String hash = HexFormat.of().formatHex(sha256.digest());
			this.storageCalls.add(new Received(req.method().name(), req.uri(), headers(req.requestHeaders()),
					"size=" + size.get() + ";sha256=" + hash));
			QueryStringDecoder query = new QueryStringDecoder(req.uri());
			long maxBytes = Long.parseLong(query.parameters().get("maxBytes").get(0));
			if (size.get() > maxBytes) {
				return problem(res, 413, "EntityTooLarge");
			}
			// A storage that got fewer bytes than it reports, or the other way round.
			long reported = query.parameters().get("key").get(0).contains("/short-") ? size.get() - 1 : size.get();
			return json(res, 200, "{\"bucket\":\"files\",\"key\":\"" + query.parameters().get("key").get(0)
					+ "\",\"size\":" + reported + ",\"sha256\":\"" + hash + "\",\"etag\":\"\\\"etag-1\\\"\"}");
		})).onErrorResume((ex) -> {
			this.storageCalls.add(new Received(req.method().name(), req.uri(), headers(req.requestHeaders()),
					"broken:" + ex.getClass().getSimpleName()));
			return Mono.empty();
		});
	}

	public void clear() {
		this.metadataCalls.clear();
		this.storageCalls.clear();
	}

	public List<Received> metadata(String method, String pathPart) {
		return this.metadataCalls.stream()
			.filter((r) -> r.method().equals(method) && r.uri().contains(pathPart))
			.toList();
	}

	public List<Received> reservations() {
		return this.metadataCalls.stream().filter((r) -> r.uri().equals("/internal/v1/uploads")).toList();
	}

	public List<Received> storage(String method, String pathPart) {
		return this.storageCalls.stream()
			.filter((r) -> r.method().equals(method) && r.uri().contains(pathPart))
			.toList();
	}

	public String metadataUrl() {
		return "http://127.0.0.1:" + this.metadata.port();
	}

	public String storageUrl() {
		return "http://127.0.0.1:" + this.storage.port();
	}

	/** The completion grant the stand-in hands out with the reservation of this file. */
	public static String grantOf(String fileId) {
		return "grant-" + fileId;
	}

	private static Predicate<HttpServerRequest> prefix(String prefix) {
		return (req) -> req.uri().startsWith(prefix);
	}

	private static Mono<Received> record(ConcurrentLinkedQueue<Received> calls, HttpServerRequest req) {
		return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").map((body) -> {
			Received call = new Received(req.method().name(), req.uri(), headers(req.requestHeaders()), body);
			calls.add(call);
			return call;
		});
	}

	private static Map<String, String> headers(HttpHeaders headers) {
		Map<String, String> copy = new LinkedHashMap<>();
		headers.forEach((entry) -> copy.put(entry.getKey().toLowerCase(), entry.getValue()));
		return copy;
	}

	private static Mono<Void> json(HttpServerResponse res, int status, String body) {
		return res.status(status).header("Content-Type", "application/json").sendString(Mono.just(body)).then();
	}

	static Mono<Void> problem(HttpServerResponse res, int status, String code) {
		String body = "{\"type\":\"https://errors.cloudstorage.dev/files/x\",\"title\":\"" + code + "\",\"status\":"
				+ status + ",\"detail\":\"from downstream\",\"code\":\"" + code + "\"}";
		return res.status(HttpResponseStatus.valueOf(status))
			.header("Content-Type", "application/problem+json")
			.sendString(Mono.just(body))
			.then();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public void stop() {
		this.metadata.disposeNow();
		this.storage.disposeNow();
	}

	public record Received(String method, String uri, Map<String, String> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
