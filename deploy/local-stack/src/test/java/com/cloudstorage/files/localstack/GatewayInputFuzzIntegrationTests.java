package com.cloudstorage.files.localstack;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static com.cloudstorage.files.localstack.GatewayInputs.YI;
import static com.cloudstorage.files.localstack.GatewayInputs.THAI;
import static com.cloudstorage.files.localstack.GatewayInputs.orEmpty;
import static com.cloudstorage.files.localstack.GatewayProbe.Probe;
import static com.cloudstorage.files.localstack.GatewayProbe.encode;
import static com.cloudstorage.files.localstack.GatewayProbe.headers;
import static com.cloudstorage.files.localstack.GatewayProbe.query;

/**
 * Generated values for every parameter of every public route, through the gateway of the
 * shared real stack (real metadata-, storage- and share-link-service, PostgreSQL, Kafka,
 * S3): no input yields a 5xx, and a refused request changes no state (see
 * {@link GatewayProbe}).
 *
 * <p>
 * Each route first sends its fixed samples (inputs that found defects before), then
 * {@value #TRIES} requests drawn by {@link GatewayInputs} from one seed. Every failure
 * names the seed; {@code -Dfuzz.seed=<seed>} replays the same requests.
 */
class GatewayInputFuzzIntegrationTests {

	private static final int TRIES = 25;

	private static final long SEED = Long.getLong("fuzz.seed", new SecureRandom().nextLong());

	/** Not alice's probe file: a write aimed at it can only be refused. */
	private static final String UNKNOWN = "5b1f0e9a-3c7d-4e2b-9a86-0f4d2c7e1b3a";

	/** About 300 letters: a listing filtered by it once answered 503 (#8). */
	private static final String LONG_NAME = "AttachedToNameThatIsLong".repeat(13);

	static GatewayProbe probe;

	@BeforeAll
	static void startStack() throws Exception {
		System.out.println("GatewayInputFuzzIntegrationTests: -Dfuzz.seed=" + SEED);
		probe = GatewayProbe.get();
	}

	@TestFactory
	Stream<DynamicTest> listing() {
		return fuzz("listing",
				List.of(listingRequest(null, null, LONG_NAME, null, null, null),
						listingRequest(null, LONG_NAME, LONG_NAME, null, null, "100"),
						listingRequest(LONG_NAME, null, null, LONG_NAME, null, null)),
				(in) -> listingRequest(in.text(), in.text(), in.text(), in.text(), in.cursor(), in.number()));
	}

	@TestFactory
	Stream<DynamicTest> oneFile() {
		return fuzz("oneFile", List.of(oneFileRequest("DELETE", UNKNOWN, THAI, UNKNOWN)),
				(in) -> oneFileRequest(in.method(), in.id(), in.text(), in.uuid().toString()));
	}

	@TestFactory
	Stream<DynamicTest> content() {
		return fuzz("content", List.of(contentRequest(UNKNOWN, "stream", "bytes=0-0,-1", null, null)),
				(in) -> contentRequest(in.id(), in.mode(), in.range(), in.text(), in.text()));
	}

	@TestFactory
	Stream<DynamicTest> attachments() {
		return fuzz("attachments",
				List.of(attachmentsRequest(true, "\t", "{\"type\":\"T\",\"name\":\"N\"}", null, null),
						attachmentsRequest(false, UNKNOWN, "", YI, " ")),
				(in) -> attachmentsRequest(in.bool(), in.id(), in.jsonBody(), in.text(), in.text()));
	}

	@TestFactory
	Stream<DynamicTest> documents() {
		return fuzz("documents", List.of(documentsRequest(YI, " ", "{\"status\":\"submitted\"}", "")),
				(in) -> documentsRequest(in.text(), in.text(), in.jsonBody(), in.contentType()));
	}

	@TestFactory
	Stream<DynamicTest> rawUpload() {
		byte[] empty = new byte[0];
		byte[] some = "probe".getBytes(StandardCharsets.US_ASCII);
		return fuzz("rawUpload",
				List.of(rawUploadRequest(true, "", null, null, YI, " ", "", empty),
						rawUploadRequest(true, "", null, null, YI, " ", "", some),
						rawUploadRequest(false, "", null, null, YI, " ", "", some),
						rawUploadRequest(true, "", null, null, THAI, LONG_NAME, "", some)),
				(in) -> rawUploadRequest(in.bool(), in.text(), in.text(), in.text(), in.text(), in.text(),
						in.contentType(), in.body()));
	}

	@TestFactory
	Stream<DynamicTest> multipartUpload() {
		return fuzz("multipartUpload",
				List.of(multipartRequest(List.of(Map.entry("attachedToType", YI), Map.entry("attachedToName", " ")), "",
						"file", "", new byte[0], true, "b" + UNKNOWN)),
				(in) -> multipartRequest(in.fields(), in.text(), in.text(), in.contentType(), in.body(), in.bool(),
						"b" + in.uuid()));
	}

	@TestFactory
	Stream<DynamicTest> sharingLinks() {
		return fuzz("sharingLinks",
				List.of(sharingLinksRequest("PUT", UNKNOWN, true, THAI, UNKNOWN),
						sharingLinksRequest("PUT", UNKNOWN, false, THAI, UNKNOWN),
						sharingLinksRequest("POST", UNKNOWN, true, THAI, UNKNOWN),
						sharingLinksRequest("DELETE", UNKNOWN, false, THAI, UNKNOWN)),
				(in) -> sharingLinksRequest(in.linkMethod(), in.id(), in.bool(), in.text(), in.uuid().toString()));
	}

	@TestFactory
	Stream<DynamicTest> publicLinks() {
		return fuzz("publicLinks", List.of(publicLinksRequest(THAI, "", false)),
				(in) -> publicLinksRequest(in.text(), in.text(), in.bool()));
	}

	@TestFactory
	Stream<DynamicTest> authorizationHeaders() {
		return fuzz("authorizationHeaders", List.of(authorizationRequest("Bearer " + THAI, "PUT")),
				(in) -> authorizationRequest(in.text(), in.method()));
	}

	@TestFactory
	Stream<DynamicTest> uploadSessions() {
		return fuzz("uploadSessions",
				List.of(openSessionRequest("{\"name\":\"e.bin\",\"size\":0,\"mode\":\"direct\"}"),
						openSessionRequest("{\"name\":\"" + LONG_NAME + "\",\"size\":-1,\"mode\":\"proxied\"}"),
						openSessionRequest("{\"name\":\"x\",\"size\":9223372036854775807,\"mode\":\"direct\"}"),
						sessionRequest(3, GatewayProbe.SESSION, "0", "101", new byte[0]),
						sessionRequest(4, GatewayProbe.SESSION, "2", null, new byte[10])),
				(in) -> (in.bool() && in.bool()) ? openSessionRequest(sessionJson(in)) : sessionRequest(in.choice(6),
						in.bool() ? GatewayProbe.SESSION : in.id(), in.number(), in.number(), in.body()));
	}

	@TestFactory
	Stream<DynamicTest> tus() {
		return fuzz("tus",
				List.of(tusRequest("POST", null, "1.0.0", "0", null, null, null, null, new byte[0]),
						tusRequest("POST", null, "1.0.0", null, null, "1", null, null, new byte[0]),
						tusRequest("PATCH", GatewayProbe.TUS, "1.0.0", null, "0", null, "sha1 " + THAI,
								"application/offset+octet-stream", new byte[10]),
						tusRequest("PATCH", GatewayProbe.TUS, "1.0.0", null, "999", null, null,
								"application/offset+octet-stream", new byte[10])),
				(in) -> tusRequest(in.tusMethod(), in.bool() ? GatewayProbe.TUS : in.id(),
						in.bool() ? "1.0.0" : in.text(), in.number(), in.number(), in.bool() ? null : in.text(),
						in.bool() ? null : in.text(), in.bool() ? "application/offset+octet-stream" : in.contentType(),
						in.body()));
	}

	// --- one request per route, from its parameters

	private static Probe openSessionRequest(String json) {
		Map<String, String> headers = auth();
		headers.put("Content-Type", "application/json");
		return new Probe("POST", "/api/v1/uploads", headers, json.getBytes(StandardCharsets.UTF_8));
	}

	/** Members of an open-session body: the known fields with any JSON value. */
	private static String sessionJson(GatewayInputs in) {
		List<String> members = new ArrayList<>();
		for (String field : List.of("name", "contentType", "size", "sha256", "private", "folder", "attachedToType",
				"attachedToName", "mode")) {
			if (in.bool()) {
				String value = switch (field) {
					case "size" -> orNullLiteral(in.number());
					case "mode" -> in.bool() ? "\"" + (in.bool() ? "direct" : "proxied") + "\""
							: GatewayInputs.jsonString(in.text());
					default -> GatewayInputs.jsonString(in.text());
				};
				members.add("\"" + field + "\":" + value);
			}
		}
		return in.bool() ? "{" + String.join(",", members) + "}" : in.jsonBody();
	}

	private static String orNullLiteral(@Nullable String number) {
		return (number != null) ? number : "null";
	}

	/**
	 * One call on a session: read, abort, complete, part URLs, a part, a part's
	 * neighbour.
	 */
	private static Probe sessionRequest(int action, String id, @Nullable String first, @Nullable String count,
			byte[] body) {
		String session = "/api/v1/uploads/" + encode(id);
		Map<String, String> headers = auth();
		return switch (action) {
			case 0 -> new Probe("GET", session, headers, null);
			// The probe session stays: other probes aim at it.
			case 1 -> new Probe("DELETE", id.equals(GatewayProbe.SESSION) ? "/api/v1/uploads/" + UNKNOWN : session,
					headers, null);
			case 2 -> new Probe("POST", session + "/complete", headers, null);
			case 3 -> new Probe("POST", session + "/part-urls" + query("first", first, "count", count), headers, null);
			default -> {
				headers.put("Content-Type", "application/octet-stream");
				yield new Probe("PUT", session + "/parts/" + encode(orEmpty(first).isEmpty() ? "1" : first), headers,
						body);
			}
		};
	}

	private static Probe tusRequest(String method, @Nullable String id, @Nullable String resumable,
			@Nullable String length, @Nullable String offset, @Nullable String metadata, @Nullable String checksum,
			@Nullable String contentType, byte[] body) {
		boolean creation = method.equals("POST") || method.equals("OPTIONS") || id == null;
		// The probe upload stays: other probes aim at it.
		String target = (id == null || creation) ? "/api/v1/tus/"
				: "/api/v1/tus/" + encode(method.equals("DELETE") && id.equals(GatewayProbe.TUS) ? UNKNOWN : id);
		Map<String, String> headers = auth();
		headers.putAll(headers("Tus-Resumable", headerSafe(resumable), "Upload-Length", headerSafe(length),
				"Upload-Offset", headerSafe(offset), "Upload-Metadata", headerSafe(metadata), "Upload-Checksum",
				headerSafe(checksum), "Content-Type", headerSafe(contentType)));
		return new Probe(method, target, headers, method.equals("PATCH") || method.equals("POST") ? body : null);
	}

	private static Probe listingRequest(@Nullable String folder, @Nullable String attachedToType,
			@Nullable String attachedToName, @Nullable String q, @Nullable String cursor, @Nullable String limit) {
		return new Probe("GET", "/api/v1/files" + query("folder", folder, "attachedToType", attachedToType,
				"attachedToName", attachedToName, "q", q, "cursor", cursor, "limit", limit), auth(), null);
	}

	/**
	 * A DELETE never aims at alice's probe file (a valid delete would be no rejection):
	 * {@code otherId} takes its place.
	 */
	private static Probe oneFileRequest(String method, String id, @Nullable String force, String otherId) {
		String target = ("DELETE".equals(method) && id.equals(probe.fileId)) ? otherId : id;
		return new Probe(method, "/api/v1/files/" + encode(target) + query("force", force), auth(), null);
	}

	private static Probe contentRequest(String id, @Nullable String mode, @Nullable String range,
			@Nullable String ifNoneMatch, @Nullable String ifRange) {
		return new Probe("GET", "/api/v1/files/" + encode(id) + "/content" + query("mode", mode),
				headers("Authorization", probe.alice, "Range", headerSafe(range), "If-None-Match",
						headerSafe(ifNoneMatch), "If-Range", headerSafe(ifRange)),
				null);
	}

	private static Probe attachmentsRequest(boolean attach, String id, String body, @Nullable String type,
			@Nullable String name) {
		if (attach) {
			return new Probe("POST", "/api/v1/files/" + encode(id) + "/attachments",
					headers("Authorization", probe.alice, "Content-Type", "application/json"),
					body.getBytes(StandardCharsets.UTF_8));
		}
		return new Probe("DELETE",
				"/api/v1/files/" + encode(id) + "/attachments/" + encode(orEmpty(type)) + "/" + encode(orEmpty(name)),
				auth(), null);
	}

	private static Probe documentsRequest(@Nullable String type, @Nullable String name, String body,
			@Nullable String contentType) {
		return new Probe("PUT", "/api/v1/documents/" + encode(orEmpty(type)) + "/" + encode(orEmpty(name)),
				headers("Authorization", probe.alice, "Content-Type", headerSafe(contentType)),
				body.getBytes(StandardCharsets.UTF_8));
	}

	private static Probe rawUploadRequest(boolean put, @Nullable String name, @Nullable String folder,
			@Nullable String isPrivate, @Nullable String attachedToType, @Nullable String attachedToName,
			@Nullable String contentType, byte[] body) {
		return new Probe(put ? "PUT" : "POST",
				"/api/v1/files" + query("name", name, "folder", folder, "private", isPrivate, "attachedToType",
						attachedToType, "attachedToName", attachedToName),
				headers("Authorization", probe.alice, "Content-Type", headerSafe(contentType)), body);
	}

	private static Probe multipartRequest(List<Map.Entry<String, String>> fields, @Nullable String filename,
			@Nullable String partName, @Nullable String partType, byte[] bytes, boolean closed, String boundary) {
		StringBuilder head = new StringBuilder();
		for (Map.Entry<String, String> field : fields) {
			head.append("--")
				.append(boundary)
				.append("\r\nContent-Disposition: form-data; name=\"")
				.append(quoted(field.getKey()))
				.append("\"\r\n\r\n")
				.append(field.getValue())
				.append("\r\n");
		}
		head.append("--")
			.append(boundary)
			.append("\r\nContent-Disposition: form-data; name=\"")
			.append(quoted((partName != null) ? partName : "file"))
			.append('"');
		if (filename != null) {
			head.append("; filename=\"").append(quoted(filename)).append('"');
		}
		if (partType != null) {
			head.append("\r\nContent-Type: ").append(headerSafe(partType));
		}
		head.append("\r\n\r\n");
		byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
		byte[] end = (closed ? "\r\n--" + boundary + "--\r\n" : "").getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[start.length + bytes.length + end.length];
		System.arraycopy(start, 0, body, 0, start.length);
		System.arraycopy(bytes, 0, body, start.length, bytes.length);
		System.arraycopy(end, 0, body, start.length + bytes.length, end.length);
		return new Probe("POST", "/api/v1/files",
				headers("Authorization", probe.alice, "Content-Type", "multipart/form-data; boundary=" + boundary),
				body);
	}

	/**
	 * Changing the probe file's own link is a legitimate write: those aim at
	 * {@code otherId} instead; reading it is fine.
	 */
	private static Probe sharingLinksRequest(String method, String id, boolean reset, @Nullable String extra,
			String otherId) {
		String target = (!"GET".equals(method) && id.equals(probe.fileId)) ? otherId : id;
		return new Probe(method,
				"/api/v1/files/" + encode(target) + "/share-link" + (reset ? "/reset" : "") + query("x", extra), auth(),
				null);
	}

	private static Probe publicLinksRequest(@Nullable String token, @Nullable String accept, boolean head) {
		return new Probe(head ? "HEAD" : "GET", "/s/" + encode(orEmpty(token)), headers("Accept", headerSafe(accept)),
				null);
	}

	private static Probe authorizationRequest(@Nullable String authorization, String method) {
		return new Probe(method, "/api/v1/files", headers("Authorization", headerSafe(orEmpty(authorization))), null);
	}

	// --- running

	/**
	 * The route's fixed samples, then {@value #TRIES} generated requests, each a test of
	 * its own named after the request. All are drawn before the first is sent, so they do
	 * not depend on the answers.
	 */
	private static Stream<DynamicTest> fuzz(String route, List<Probe> samples,
			Function<GatewayInputs, Probe> generated) {
		GatewayInputs inputs = new GatewayInputs(SEED, route, probe.fileId);
		List<Probe> requests = new ArrayList<>(samples);
		for (int i = 0; i < TRIES; i++) {
			requests.add(generated.apply(inputs));
		}
		return IntStream.range(0, requests.size()).mapToObj((i) -> {
			Probe request = requests.get(i);
			String label = (i < samples.size()) ? "sample " + (i + 1) : "try " + (i - samples.size() + 1);
			return DynamicTest.dynamicTest(label + ": " + printable(request.toString(), 200),
					() -> check(route + " " + label, request));
		});
	}

	private static void check(String label, Probe request) throws Exception {
		try {
			probe.check(request);
		}
		catch (AssertionError | Exception ex) {
			throw new AssertionError("[-Dfuzz.seed=" + SEED + ", " + label + "] " + printable(request.toString(), 2000)
					+ "\n  failed: " + printable(String.valueOf(ex), 4000), ex);
		}
	}

	private static Map<String, String> auth() {
		return headers("Authorization", probe.alice);
	}

	/**
	 * What Java's HTTP client accepts in a header value (no control characters, Latin-1);
	 * raw bytes in headers are in the corpus instead.
	 */
	private static @Nullable String headerSafe(@Nullable String value) {
		if (value == null) {
			return null;
		}
		StringBuilder safe = new StringBuilder();
		value.codePoints().filter((c) -> c >= 0x20 && c < 0x7f).limit(8000).forEach((c) -> safe.append((char) c));
		return safe.toString().strip();
	}

	private static String quoted(String value) {
		return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
	}

	/**
	 * Control characters and lone surrogates escaped (they would garble reports), cut
	 * after max characters.
	 */
	private static String printable(String text, int max) {
		StringBuilder shown = new StringBuilder();
		int i = 0;
		for (; i < text.length() && shown.length() < max; i++) {
			char c = text.charAt(i);
			boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))
					|| Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
			if (Character.isISOControl(c) || (Character.isSurrogate(c) && !paired)) {
				shown.append(String.format("\\u%04x", (int) c));
			}
			else {
				shown.append(c);
			}
		}
		return (i < text.length()) ? shown + "…(" + text.length() + " chars)" : shown.toString();
	}

}
