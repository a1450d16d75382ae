package com.cloudstorage.files.storage.object.web;

import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.TestGrants;
import com.cloudstorage.files.storage.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ObjectApiIntegrationTests extends IntegrationTestSupport {

	private static final int MIB = 1024 * 1024;

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final String WRITE = TestTokens.service();

	private static final String READ = TestTokens.service();

	@Autowired
	private DatabaseClient db;

	@LocalServerPort
	private int port;

	/**
	 * Before service identities, any user holding files:write could write any key here,
	 * another user's file included. Now the byte API takes only the gateway's identity,
	 * which sends only keys metadata-service reserved (upload) or located (download); a
	 * user's token, even one issued for this service with every scope, writes, reads and
	 * presigns nothing.
	 */
	@Test
	void aUserTokenWritesReadsAndPresignsNothing() {
		String key = newKey();
		s3().putObject((r) -> r.bucket(BUCKET).key(key),
				software.amazon.awssdk.core.sync.RequestBody.fromString("theirs"));
		for (String user : new String[] { TestTokens.operator("files:read", "files:write", "files:admin"),
				TestTokens.token("files:read", "files:write", "files:admin") }) {
			this.client.put()
				.uri("/internal/v1/objects/local?key={key}&maxBytes=100", key)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + user)
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.bodyValue("overwritten".getBytes(StandardCharsets.UTF_8))
				.exchange()
				.expectStatus()
				.value((status) -> assertThat(status).isIn(401, 403));
			this.client.get()
				.uri("/internal/v1/objects/local?key={key}", key)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + user)
				.exchange()
				.expectStatus()
				.value((status) -> assertThat(status).isIn(401, 403));
			this.client.post()
				.uri("/internal/v1/presigned-downloads")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + user)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("provider", "local", "key", key, "filename", "x", "contentType", "text/plain"))
				.exchange()
				.expectStatus()
				.value((status) -> assertThat(status).isIn(401, 403));
		}
		// Issued for this service but a user's: 403 problem.
		this.client.put()
			.uri("/internal/v1/objects/local?key={key}&maxBytes=100", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.operator("files:write"))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue("overwritten".getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("Forbidden");
		assertThat(s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo("theirs");
	}

	@Test
	void smallObjectIsWrittenWithOnePutAndReadBack() throws Exception {
		byte[] bytes = randomBytes(10_000);
		String key = newKey();
		Map<String, Object> body = upload(key, bytes, 1_000_000).expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat(body).containsEntry("bucket", BUCKET)
			.containsEntry("key", key)
			.containsEntry("sha256", sha256(bytes))
			.containsKey("etag");
		assertThat(((Number) body.get("size")).longValue()).isEqualTo(bytes.length);
		byte[] stored = s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asByteArray();
		assertThat(stored).isEqualTo(bytes);
		assertThat(sha256(stored)).isEqualTo(body.get("sha256"));
	}

	@Test
	void largeObjectIsWrittenPartByPartAndReadBack() throws Exception {
		byte[] bytes = randomBytes(12 * MIB + 123);
		String key = newKey();
		Map<String, Object> body = this.client.put()
			.uri("/internal/v1/objects/local?key={key}&maxBytes={max}", key, 20 * MIB)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(chunked(bytes, 64 * 1024), DataBuffer.class)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat(((Number) body.get("size")).longValue()).isEqualTo(bytes.length);
		assertThat(body.get("sha256")).isEqualTo(sha256(bytes));
		// A multipart ETag ends with the number of parts: 5 MiB + 5 MiB + the rest.
		assertThat((String) body.get("etag")).endsWith("-3\"");
		byte[] stored = s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asByteArray();
		assertThat(sha256(stored)).isEqualTo(sha256(bytes));
		assertThat(stored).isEqualTo(bytes);
		assertThat(openSessions()).isZero();
	}

	/**
	 * Profile {@code local} sends the PUT without the SDK's client, {@code checked}
	 * ({@code checksum-mode: when-supported}) through it: both store the bytes as sent.
	 */
	@Test
	void objectOfAKnownLengthOverOnePartIsStreamedInOnePut() throws Exception {
		for (String provider : new String[] { "local", "checked" }) {
			byte[] bytes = randomBytes(12 * MIB + 123);
			String key = newKey();
			Map<String, Object> body = upload(key, bytes, 20 * MIB, WRITE, provider).expectStatus()
				.isOk()
				.expectBody(MAP)
				.returnResult()
				.getResponseBody();
			assertThat(((Number) body.get("size")).longValue()).as(provider).isEqualTo(bytes.length);
			assertThat(body.get("sha256")).as(provider).isEqualTo(sha256(bytes));
			// One PUT: a plain ETag, no part count.
			assertThat((String) body.get("etag")).as(provider)
				.doesNotContain("-")
				.isEqualTo(s3().headObject((r) -> r.bucket(BUCKET).key(key)).eTag());
			byte[] stored = s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asByteArray();
			assertThat(stored).as(provider).isEqualTo(bytes);
			assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(key)).uploads()).isEmpty();
			assertThat(openSessions()).isZero();
		}
	}

	@Test
	void bodyOverMaxBytesIsRefusedAndLeavesNothingBehind() {
		byte[] bytes = randomBytes(12 * MIB);
		String key = newKey();
		this.client.put()
			.uri("/internal/v1/objects/local?key={key}&maxBytes={max}", key, 7 * MIB)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(chunked(bytes, 64 * 1024), DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("EntityTooLarge");
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> s3().headObject((r) -> r.bucket(BUCKET).key(key)));
		ListMultipartUploadsResponse uploads = s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(key));
		assertThat(uploads.uploads()).isEmpty();
		assertThat(openSessions()).isZero();
	}

	@Test
	void bodyShorterThanContentLengthLeavesNothingBehind() throws Exception {
		String key = newKey();
		byte[] sent = randomBytes(7 * MIB);
		String response;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("PUT /internal/v1/objects/local?key=" + key + "&maxBytes=" + (20 * MIB) + " HTTP/1.1\r\n"
					+ "Host: 127.0.0.1\r\nAuthorization: Bearer " + WRITE + "\r\n" + TestGrants.HEADER + ": "
					+ TestGrants.grant("local", key, 20 * MIB) + "\r\n"
					+ "Content-Type: application/octet-stream\r\nContent-Length: " + (12 * MIB) + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(sent);
			out.flush();
			// The client goes away half-way: the server sees the body end early.
			socket.shutdownOutput();
			response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (SocketException ex) {
			response = "";
		}
		if (!response.isEmpty()) {
			assertThat(response).startsWith("HTTP/1.1 400").contains("IncompleteBody");
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(key)).uploads()).isEmpty();
			assertThat(openSessions()).isZero();
		});
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> s3().headObject((r) -> r.bucket(BUCKET).key(key)));
	}

	@Test
	void declaredLengthOverMaxBytesIsRefusedBeforeReading() {
		upload(newKey(), randomBytes(2000), 1000).expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("EntityTooLarge");
	}

	@Test
	void downloadStreamsWithHeadersAndServesRanges() throws Exception {
		byte[] bytes = randomBytes(5000);
		String key = newKey();
		upload(key, bytes, 10_000).expectStatus().isOk();
		EntityExchangeResult<byte[]> whole = this.client.get()
			.uri("/internal/v1/objects/local?key={key}&filename={name}&contentType={type}", key, "Résumé 2026.pdf",
					"application/pdf")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + READ)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PDF)
			.expectHeader()
			.contentLength(5000)
			.expectHeader()
			.exists(HttpHeaders.ETAG)
			.expectBody(byte[].class)
			.returnResult();
		assertThat(whole.getResponseBody()).isEqualTo(bytes);
		assertThat(whole.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("attachment; filename=\"R_sum_ 2026.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.pdf");

		EntityExchangeResult<byte[]> partial = this.client.get()
			.uri("/internal/v1/objects/local?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + READ)
			.header(HttpHeaders.RANGE, "bytes=100-199")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.PARTIAL_CONTENT)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 100-199/5000")
			.expectHeader()
			.contentLength(100)
			.expectBody(byte[].class)
			.returnResult();
		byte[] expected = new byte[100];
		System.arraycopy(bytes, 100, expected, 0, 100);
		assertThat(partial.getResponseBody()).isEqualTo(expected);

		this.client.get()
			.uri("/internal/v1/objects/local?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + READ)
			.header(HttpHeaders.RANGE, "bytes=9000-")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */5000")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RangeNotSatisfiable");
	}

	/**
	 * Profile {@code local} streams downloads without the SDK's client, {@code checked}
	 * (the same server, {@code checksum-mode: when-supported}) through it: both answer
	 * the same bytes and headers, whole and in ranges.
	 */
	@Test
	void aLargeObjectStreamsBackAlikeWithAndWithoutTheSdk() {
		byte[] bytes = randomBytes(12 * MIB + 123);
		String key = newKey();
		s3().putObject((r) -> r.bucket(BUCKET).key(key).contentType("video/mp4"),
				software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
		byte[] tail = new byte[bytes.length - 7 * MIB];
		System.arraycopy(bytes, 7 * MIB, tail, 0, tail.length);
		for (String provider : new String[] { "local", "checked" }) {
			EntityExchangeResult<byte[]> whole = download(provider, key, null).expectStatus()
				.isOk()
				.expectHeader()
				.contentLength(bytes.length)
				.expectHeader()
				.contentType("video/mp4")
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, s3().headObject((r) -> r.bucket(BUCKET).key(key)).eTag())
				.expectBody(byte[].class)
				.returnResult();
			assertThat(whole.getResponseBody()).as(provider).isEqualTo(bytes);
			EntityExchangeResult<byte[]> fromSeven = download(provider, key, "bytes=" + 7 * MIB + "-").expectStatus()
				.isEqualTo(HttpStatus.PARTIAL_CONTENT)
				.expectHeader()
				.valueEquals(HttpHeaders.CONTENT_RANGE,
						"bytes " + 7 * MIB + "-" + (bytes.length - 1) + "/" + bytes.length)
				.expectHeader()
				.contentLength(tail.length)
				.expectBody(byte[].class)
				.returnResult();
			assertThat(fromSeven.getResponseBody()).as(provider).isEqualTo(tail);
			download(provider, key, "bytes=" + bytes.length + "-").expectStatus()
				.isEqualTo(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
				.expectHeader()
				.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */" + bytes.length);
			download(provider, newKey(), null).expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("NoSuchFile");
		}
	}

	private WebTestClient.ResponseSpec download(String provider, String key, String range) {
		return this.client.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * MIB))
			.build()
			.get()
			.uri("/internal/v1/objects/{provider}?key={key}", provider, key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + READ)
			.headers((headers) -> {
				if (range != null) {
					headers.set(HttpHeaders.RANGE, range);
				}
			})
			.exchange();
	}

	@Test
	void missingObjectIsNoSuchFile() {
		this.client.get()
			.uri("/internal/v1/objects/local?key={key}", newKey())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + READ)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NoSuchFile")
			.jsonPath("$.type")
			.isEqualTo("https://errors.cloudstorage.dev/files/no-such-file");
	}

	@Test
	void presignedUrlServesTheBytesWithTheDisposition() throws Exception {
		byte[] bytes = randomBytes(3000);
		String key = newKey();
		upload(key, bytes, 10_000).expectStatus().isOk();
		Instant before = Instant.now();
		Map<String, Object> presigned = presign(key, "report.pdf", "application/pdf", false);
		Instant expiresAt = Instant.parse((String) presigned.get("expiresAt"));
		assertThat(expiresAt).isBetween(before, before.plusSeconds(62));
		HttpResponse<byte[]> response = fetch(presigned);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(bytes);
		assertThat(response.headers().firstValue(HttpHeaders.CONTENT_DISPOSITION))
			.hasValue("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
		assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValue("application/pdf");
	}

	@Test
	void presignedUrlIsInlineOnlyWhenAskedForAndTheKitsPolicyAllowsTheType() throws Exception {
		String key = newKey();
		upload(key, randomBytes(100), 10_000).expectStatus().isOk();

		assertThat(presignedDisposition(key, "scan.pdf", "application/pdf", true))
			.hasValue("inline; filename=\"scan.pdf\"; filename*=UTF-8''scan.pdf");
		// SVG can carry script: downloaded even when inline is asked for.
		assertThat(presignedDisposition(key, "logo.svg", "image/svg+xml", true))
			.hasValue("attachment; filename=\"logo.svg\"; filename*=UTF-8''logo.svg");
		assertThat(presignedDisposition(key, "Grüße.pdf", "application/pdf", false))
			.hasValue("attachment; filename=\"Gr__e.pdf\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.pdf");
	}

	/** The disposition the provider answers a presigned URL of the key with. */
	private Optional<String> presignedDisposition(String key, String filename, String contentType, boolean inline)
			throws Exception {
		HttpResponse<byte[]> response = fetch(presign(key, filename, contentType, inline));
		assertThat(response.statusCode()).isEqualTo(200);
		return response.headers().firstValue(HttpHeaders.CONTENT_DISPOSITION);
	}

	private Map<String, Object> presign(String key, String filename, String contentType, boolean inline) {
		return this.client.post()
			.uri("/internal/v1/presigned-downloads")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + READ)
			.header(TestGrants.HEADER, TestGrants.readGrant("local", key))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("provider", "local", "key", key, "filename", filename, "contentType", contentType,
					"inline", inline))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
	}

	/** Fetches a presigned URL as a browser would: straight from the provider. */
	private static HttpResponse<byte[]> fetch(Map<String, Object> presigned) throws Exception {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(HttpRequest.newBuilder(URI.create((String) presigned.get("url"))).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
	}

	@Test
	void unreachableProviderIsStorageUnavailable() {
		// How fast it fails is a benchmark question, not a unit-test one (timed
		// assertions flake on a loaded CI box).
		upload(newKey(), randomBytes(1000), 10_000, WRITE, "down").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("StorageUnavailable");
	}

	@Test
	void tokensAndScopesAreEnforcedWithProblems() {
		this.client.get()
			.uri("/internal/v1/objects/local?key=a")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("Unauthorized");
		upload(newKey(), randomBytes(10), 100, TestTokens.operator("files:read")).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("Forbidden");
		this.client.get()
			.uri("/internal/v1/objects/local?key=a")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.operator("files:write"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void unknownRoutesAndMethodsAreProblems() {
		this.client.get()
			.uri("/internal/v1/nothing-here")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + READ)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NotFound");
		this.client.delete()
			.uri("/internal/v1/objects/local?key=a")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MethodNotAllowed");
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

	@Test
	void badParametersAreInvalidRequest() {
		this.client.post()
			.uri("/internal/v1/presigned-downloads")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + READ)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("provider", "local", "key", "a", "unexpected", 1))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("InvalidRequest");
		upload("../etc/passwd", randomBytes(10), 100).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("InvalidRequest");
		this.client.put()
			.uri("/internal/v1/objects/nowhere?key=a&maxBytes=10")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.bodyValue(new byte[] { 1 })
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("InvalidRequest");
	}

	private WebTestClient.ResponseSpec upload(String key, byte[] bytes, long maxBytes) {
		return upload(key, bytes, maxBytes, WRITE, "local");
	}

	private WebTestClient.ResponseSpec upload(String key, byte[] bytes, long maxBytes, String token) {
		return upload(key, bytes, maxBytes, token, "local");
	}

	private WebTestClient.ResponseSpec upload(String key, byte[] bytes, long maxBytes, String token, String provider) {
		return this.client.put()
			.uri("/internal/v1/objects/{provider}?key={key}&maxBytes={max}", provider, key, maxBytes)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes)
			.exchange();
	}

	private long openSessions() {
		return this.db.sql("SELECT count(*) AS n FROM upload_session")
			.map((row) -> row.get("n", Long.class))
			.one()
			.blockOptional()
			.orElse(0L);
	}

	static Flux<DataBuffer> chunked(byte[] bytes, int chunk) {
		return Flux.range(0, (bytes.length + chunk - 1) / chunk).map((i) -> {
			int from = i * chunk;
			int length = Math.min(chunk, bytes.length - from);
			return DefaultDataBufferFactory.sharedInstance.wrap(ByteBuffer.wrap(bytes, from, length));
		});
	}

	static String newKey() {
		return "test/" + UUID.randomUUID();
	}

	static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
