package com.cloudstorage.files.gateway;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole gateway on a real port, with real JWTs, in front of stand-in metadata and
 * storage servers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIntegrationTests {

	static final StandIns STAND_INS = new StandIns();

	static final String ALICE = TestTokens.bearer("alice", "files:read", "files:write", "files:delete");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("files.gateway.metadata-url", STAND_INS::metadataUrl);
		registry.add("files.gateway.storage-url", STAND_INS::storageUrl);
		com.cloudstorage.files.gateway.TestTokens.register(registry);
	}

	@AfterAll
	static void stop() {
		STAND_INS.stop();
	}

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		STAND_INS.clear();
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void rawUploadReservesStreamsAndCompletes() {
		byte[] bytes = random(3 * 1024 * 1024 + 17);
		EntityExchangeResult<byte[]> result = this.client.post()
			.uri(raw(
					"/api/v1/files?name=report.pdf&folder=invoices&private=false&attachedToType=Sales%20Invoice&attachedToName=INV-1"))
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(MediaType.APPLICATION_PDF)
			.bodyValue(bytes)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.returnResult();

		StandIns.Received reserve = single(STAND_INS.reservations(), "reserve");
		// The gateway's own identity, acting for the user it authenticated.
		TestTokens.assertServiceToken(reserve.headers().get("authorization"));
		assertThat(reserve.headers().get("x-acting-user")).isEqualTo("alice");
		assertThat(reserve.headers().get("x-acting-scopes").split(" ")).containsExactlyInAnyOrder("files:read",
				"files:write", "files:delete");
		JsonNode reservation = reserve.json();
		assertThat(reservation.get("name").asString()).isEqualTo("report.pdf");
		assertThat(reservation.get("contentType").asString()).isEqualTo("application/pdf");
		assertThat(reservation.get("private").asBoolean()).isFalse();
		assertThat(reservation.get("folder").asString()).isEqualTo("invoices");
		assertThat(reservation.get("attachments").get(0).get("type").asString()).isEqualTo("Sales Invoice");
		assertThat(reservation.get("attachments").get(0).get("name").asString()).isEqualTo("INV-1");

		JsonNode file = StandIns.JSON.readTree(result.getResponseBody());
		String id = file.get("id").asString();
		assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/v1/files/" + id);

		StandIns.Received put = single(STAND_INS.storage("PUT", "/internal/v1/objects/local"), "put");
		assertThat(put.uri()).contains("key=uploads%2F" + id).contains("maxBytes=");
		assertThat(put.headers().get("content-length")).isEqualTo(String.valueOf(bytes.length));
		assertThat(put.headers().get("content-type")).isEqualTo("application/pdf");
		TestTokens.assertServiceToken(put.headers().get("authorization"));
		assertThat(put.headers()).doesNotContainKey("x-acting-user");
		assertThat(put.body()).isEqualTo("size=" + bytes.length + ";sha256=" + sha256(bytes));

		StandIns.Received completion = single(STAND_INS.metadata("POST", "/internal/v1/uploads/" + id + "/complete"),
				"complete");
		// The grant alone: the caller's token may have expired during a long transfer.
		assertThat(completion.headers().get("upload-grant")).isEqualTo(StandIns.grantOf(id));
		assertThat(completion.headers()).doesNotContainKey("authorization");
		JsonNode complete = completion.json();
		assertThat(complete.get("bucket").asString()).isEqualTo("files");
		assertThat(complete.get("size").asLong()).isEqualTo(bytes.length);
		assertThat(complete.get("sha256").asString()).isEqualTo(sha256(bytes));
		assertThat(complete.get("etag").asString()).isEqualTo("\"etag-1\"");
		assertThat(complete.has("private")).isFalse();
		assertThat(complete.has("folder")).isFalse();
		assertThat(complete.has("attachments")).isFalse();
		assertThat(file.get("sha256").asString()).isEqualTo(sha256(bytes));
		assertThat(STAND_INS.metadata("POST", "/abort")).isEmpty();
	}

	@Test
	void rawUploadWithPutAsCurlUploadFileSends() {
		byte[] bytes = random(1000);
		this.client.put()
			.uri("/api/v1/files?name=notes.txt")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.bodyValue(bytes)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.value(HttpHeaders.LOCATION, (location) -> assertThat(location).startsWith("/api/v1/files/"));

		JsonNode reservation = single(STAND_INS.reservations(), "reserve").json();
		assertThat(reservation.get("private").asBoolean()).isTrue();
		assertThat(reservation.get("contentType").asString()).isEqualTo("application/octet-stream");
		assertThat(single(STAND_INS.storage("PUT", "/objects/"), "put").body()).contains("sha256=" + sha256(bytes));
	}

	@Test
	void multipartFieldsBeforeTheFileReserveAndFieldsAfterItOverride() {
		byte[] bytes = random(2 * 1024 * 1024 + 5);
		Multipart body = new Multipart().field("folder", "before")
			.field("attachedToType", "Sales Invoice")
			.field("attachedToName", "INV-1")
			.file("file", "photo.png", "image/png", bytes)
			.field("private", "false")
			.field("folder", "after")
			.end();

		EntityExchangeResult<byte[]> result = this.client.post()
			.uri("/api/v1/files")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(body.contentType())
			.bodyValue(body.bytes())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.returnResult();
		String id = StandIns.JSON.readTree(result.getResponseBody()).get("id").asString();
		assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/v1/files/" + id);

		JsonNode reservation = single(STAND_INS.reservations(), "reserve").json();
		assertThat(reservation.get("name").asString()).isEqualTo("photo.png");
		assertThat(reservation.get("contentType").asString()).isEqualTo("image/png");
		assertThat(reservation.get("private").asBoolean()).isTrue();
		assertThat(reservation.get("folder").asString()).isEqualTo("before");
		assertThat(reservation.get("attachments").get(0).get("name").asString()).isEqualTo("INV-1");

		StandIns.Received put = single(STAND_INS.storage("PUT", "/objects/local"), "put");
		assertThat(put.body()).isEqualTo("size=" + bytes.length + ";sha256=" + sha256(bytes));
		assertThat(put.headers().get("content-type")).isEqualTo("image/png");

		JsonNode complete = single(STAND_INS.metadata("POST", "/uploads/" + id + "/complete"), "complete").json();
		assertThat(complete.get("size").asLong()).isEqualTo(bytes.length);
		assertThat(complete.get("private").asBoolean()).isFalse();
		assertThat(complete.get("folder").asString()).isEqualTo("after");
		assertThat(complete.has("attachments")).isFalse();
	}

	@Test
	void secondFilePartIsRefusedAndTheReservationAborted() {
		Multipart body = new Multipart().file("file", "a.txt", "text/plain", random(100))
			.file("file", "b.txt", "text/plain", random(100))
			.end();

		expectProblem(this.client.post()
			.uri("/api/v1/files")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(body.contentType())
			.bodyValue(body.bytes())
			.exchange(), 400, "InvalidRequest");

		single(STAND_INS.reservations(), "reserve");
		StandIns.Received abort = single(STAND_INS.metadata("POST", "/uploads/" + reservedId() + "/abort"), "abort");
		assertThat(abort.headers().get("upload-grant")).isEqualTo(StandIns.grantOf(reservedId()));
		assertThat(abort.headers()).doesNotContainKey("authorization");
		assertThat(STAND_INS.metadata("POST", "/complete")).isEmpty();
	}

	@Test
	void truncatedMultipartIsIncompleteAndTheReservationAborted() {
		Multipart body = new Multipart().field("folder", "x")
			.file("file", "cut.bin", "application/octet-stream", random(64 * 1024));
		// no closing boundary: the body ends inside the file part

		expectProblem(this.client.post()
			.uri("/api/v1/files")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(body.contentType())
			.bodyValue(body.bytes())
			.exchange(), 400, "IncompleteBody");

		assertThat(STAND_INS.metadata("POST", "/uploads/" + reservedId() + "/abort")).hasSize(1);
		assertThat(STAND_INS.metadata("POST", "/complete")).isEmpty();
	}

	@Test
	void multipartWithoutFilePartIsInvalid() {
		Multipart body = new Multipart().field("folder", "x").end();

		expectProblem(this.client.post()
			.uri("/api/v1/files")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(body.contentType())
			.bodyValue(body.bytes())
			.exchange(), 400, "InvalidRequest");
		assertThat(STAND_INS.metadataCalls).isEmpty();
	}

	@Test
	void storageRefusingTheSizeGives413AndAbortsTheReservation() {
		byte[] body = this.client.post()
			.uri("/api/v1/files?name=big.iso")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.bodyValue(random(5000))
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("EntityTooLarge")
			.jsonPath("$.detail")
			.isEqualTo("from downstream")
			.returnResult()
			.getResponseBody();

		assertThat(body).isNotNull();
		assertThat(single(STAND_INS.storage("PUT", "maxBytes=10"), "put")).isNotNull();
		assertThat(STAND_INS.metadata("POST", "/uploads/" + reservedId() + "/abort")).hasSize(1);
		assertThat(STAND_INS.metadata("POST", "/complete")).isEmpty();
	}

	@Test
	void announcedOversizeIsRefusedBeforeAnyByteIsRead() throws Exception {
		assertThat(rawHead("POST /api/v1/files?name=huge.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ALICE
				+ "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + (6L << 30) + "\r\n\r\nsome bytes"))
			.startsWith("HTTP/1.1 413")
			.containsIgnoringCase("content-type: application/problem+json");
		assertThat(STAND_INS.metadataCalls).isEmpty();
		assertThat(STAND_INS.storageCalls).isEmpty();
	}

	@Test
	void aContentTypeThatIsNotAMediaTypeIsAnInvalidRequest() throws Exception {
		// Found by the property test on the real stack: this was a 503.
		assertThat(rawHead("POST /api/v1/files?name=a.txt HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ALICE
				+ "\r\nContent-Type: M\r\nContent-Length: 5\r\nConnection: close\r\n\r\nbytes"))
			.startsWith("HTTP/1.1 400")
			.containsIgnoringCase("content-type: application/problem+json");
		assertThat(STAND_INS.metadataCalls).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "-1", "5x", "99999999999999999999999" })
	void aContentLengthThatIsNotALengthIsRefusedFastAndReservesNothing(String contentLength) throws Exception {
		// Found by the bad-input corpus on the real stack (issue #8): no answer for 60 s
		// and an empty AVAILABLE file.
		assertThat(rawHead("POST /api/v1/files?name=x.txt HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ALICE
				+ "\r\nContent-Type: text/plain\r\nContent-Length: " + contentLength
				+ "\r\nConnection: close\r\n\r\nx"))
			.startsWith("HTTP/1.1 400")
			.containsIgnoringCase("content-type: application/problem+json");
		assertThat(STAND_INS.reservations()).isEmpty();
		assertThat(STAND_INS.metadata("POST", "/complete")).isEmpty();
		assertThat(STAND_INS.storageCalls).isEmpty();
	}

	@Test
	void aChunkedBodyThatBreaksMidWayIsRefusedAndNeverCompleted() throws Exception {
		// Found by the bad-input corpus on the real stack (issue #8): Reactor Netty
		// answered 400 and the body ended as if complete, so the upload completed as an
		// empty AVAILABLE file.
		assertThat(rawHead("POST /api/v1/files?name=x.txt HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ALICE
				+ "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\nzz\r\nabc\r\n"))
			.startsWith("HTTP/1.1 400")
			.containsIgnoringCase("content-type: application/problem+json");
		// The upload runs on after the answer: wait (bounded) until it has ended.
		long start = System.nanoTime();
		while (STAND_INS.metadata("POST", "/abort").isEmpty() && STAND_INS.metadata("POST", "/complete").isEmpty()
				&& System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
			Thread.sleep(50);
		}
		assertThat(STAND_INS.metadata("POST", "/abort"))
			.as("aborts after %d ms; reservations %s", (System.nanoTime() - start) / 1_000_000,
					STAND_INS.reservations().size())
			.hasSize(1);
		assertThat(STAND_INS.metadata("POST", "/complete")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "PUT", "POST", "DELETE" })
	void aRequestLineTooLongIsAnsweredAtOnce(String method) throws Exception {
		// Found by the property test on the real stack (issue #8): no answer for 60 s.
		java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
			.version(java.net.http.HttpClient.Version.HTTP_1_1)
			.build();
		java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest
			.newBuilder(raw("/api/v1/files/" + StandIns.KNOWN_FILE + "/share-link/reset?x=" + "x".repeat(70_000)))
			.timeout(Duration.ofSeconds(20))
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isBetween(400, 499);
		assertThat(STAND_INS.metadataCalls).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "5000,0,414,RequestLineTooLong", "10,20000,431,HeadersTooLarge", "10,0,400,InvalidRequest" })
	void aRequestTheDecoderRefusesRightBehindAnotherIsAnsweredInOrder(int pathLength, int headerLength, int status,
			String code) throws Exception {
		// Issue #8: on a kept-alive connection whose previous request was still being
		// finished, Reactor Netty's own 414 was never written and the client got the
		// connection closed without an answer ("header parser received no bytes").
		// Sending both requests at once holds the previous one open deterministically.
		String broken = (code.equals("InvalidRequest")) ? "Content-Length: x\r\n" : "";
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n" + "DELETE /api/v1/files/"
					+ "x".repeat(pathLength) + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ALICE
					+ "\r\nX-Padding: " + "p".repeat(headerLength) + "\r\n" + broken + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String first = readHead(in);
			assertThat(first).startsWith("HTTP/1.1 200");
			in.readNBytes(contentLength(first));
			String second = readHead(in);
			assertThat(second).as("the answer to the second request").startsWith("HTTP/1.1 " + status);
			assertThat(second).containsIgnoringCase("content-type: application/problem+json")
				.containsIgnoringCase("connection: close");
			assertThat(new String(in.readNBytes(contentLength(second)), StandardCharsets.UTF_8))
				.contains("\"code\":\"" + code + "\"");
			assertThat(in.read()).as("the connection ends after the refusal").isEqualTo(-1);
		}
		assertThat(STAND_INS.metadata("DELETE", "/internal/v1/files/")).isEmpty();
	}

	private static int contentLength(String head) {
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
				return Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		throw new AssertionError("no Content-Length in " + head);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/files/51933ee6-fa57-4ae7-b2e4-636dcc5b2aa1/share-link/reset?x=%E0%B8%AA%E3%96%B2",
			"/api/v1/files?name=&attachedToType=%EA%8C%83&attachedToName=%20" })
	void aPutThatIsRefusedIsAnsweredAtOnce(String pathAndQuery) throws Exception {
		java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
			.version(java.net.http.HttpClient.Version.HTTP_1_1)
			.build();
		java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(raw(pathAndQuery))
			.timeout(Duration.ofSeconds(20))
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.header(HttpHeaders.CONTENT_TYPE, "")
			.method("PUT",
					java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] { -10, 3, 58, 15, -11, 8, -4 }))
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isBetween(400, 499);
		// The next request on the same (kept-alive) connection is answered too.
		for (int i = 0; i < 3; i++) {
			java.net.http.HttpResponse<String> next = http
				.send(java.net.http.HttpRequest.newBuilder(raw("/api/v1/files/" + StandIns.KNOWN_FILE + "/share-link"))
					.timeout(Duration.ofSeconds(20))
					.header(HttpHeaders.AUTHORIZATION, ALICE)
					.GET()
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(next.statusCode()).isLessThan(500);
		}
	}

	@Test
	void anUploadThatStorageReceivedShortIsAbortedNotCompleted() {
		// The storage stand-in reports one byte less than it got for names starting
		// "short": whatever the reason, an upload whose stored size differs from what
		// was sent must never become a file.
		expectProblem(this.client.post()
			.uri("/api/v1/files?name=short.txt")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("0123456789".getBytes(StandardCharsets.US_ASCII))
			.exchange(), 503, "ServiceUnavailable");
		assertThat(STAND_INS.metadata("POST", "/uploads/" + reservedId() + "/abort")).hasSize(1);
		assertThat(STAND_INS.metadata("POST", "/complete")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST /api/v1/files/%09/attachments", "POST /api/v1/files/%20/attachments",
			"DELETE /api/v1/files/%09/attachments/T/N", "GET /api/v1/files/%09", "DELETE /api/v1/files/%09",
			"POST /api/v1/files/%09/share-link", "POST /api/v1/files/not-a-uuid/share-link/reset",
			"GET /api/v1/files/a%2Fb" })
	void aFileIdThatIsNotAUuidIsRefusedBeforeAnyDownstreamCall(String request) {
		// Found by the property test on the real stack (issue #8): this was a 503.
		String[] parts = request.split(" ");
		expectProblem(this.client.method(HttpMethod.valueOf(parts[0]))
			.uri(raw(parts[1]))
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"type\":\" \"}")
			.exchange(), 400, "InvalidRequest");
		assertThat(STAND_INS.metadataCalls).isEmpty();
	}

	@Test
	void aPartWithoutANameIsAnInvalidRequest() {
		// Found by the bad-input corpus on the real stack: this was a 503.
		expectProblem(this.client.post()
			.uri("/api/v1/files")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=x"))
			.bodyValue("--x\r\n\r\nabc\r\n--x--\r\n".getBytes(StandardCharsets.US_ASCII))
			.exchange(), 400, "InvalidRequest");
		assertThat(STAND_INS.reservations()).isEmpty();
	}

	@Test
	void missingTokenIsUnauthorized() {
		expectProblem(this.client.get().uri("/api/v1/files").exchange(), 401, "Unauthorized");
		expectProblem(this.client.post().uri("/api/v1/files?name=a").bodyValue("x").exchange(), 401, "Unauthorized");
		assertThat(STAND_INS.metadataCalls).isEmpty();
	}

	@Test
	void forgedOrExpiredTokenIsUnauthorized() {
		expectProblem(this.client.get()
			.uri("/api/v1/files")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.forged("alice", "files:read"))
			.exchange(), 401, "Unauthorized");
		expectProblem(this.client.get()
			.uri("/api/v1/files")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.expired("alice", "files:read"))
			.exchange(), 401, "Unauthorized");
		expectProblem(
				this.client.get().uri("/api/v1/files").header(HttpHeaders.AUTHORIZATION, "Bearer not-a-jwt").exchange(),
				401, "Unauthorized");
		assertThat(STAND_INS.metadataCalls).isEmpty();
	}

	@Test
	void missingScopeIsForbidden() {
		String readOnly = TestTokens.bearer("bob", "files:read");
		expectProblem(this.client.post()
			.uri("/api/v1/files?name=a.txt")
			.header(HttpHeaders.AUTHORIZATION, readOnly)
			.bodyValue("x")
			.exchange(), 403, "Forbidden");
		String writeOnly = TestTokens.bearer("bob", "files:write");
		expectProblem(this.client.get()
			.uri("/api/v1/files/" + StandIns.KNOWN_FILE + "/content")
			.header(HttpHeaders.AUTHORIZATION, writeOnly)
			.exchange(), 403, "Forbidden");
		assertThat(STAND_INS.metadataCalls).isEmpty();
	}

	@Test
	void downloadRedirectsToThePresignedUrl() {
		this.client.get()
			.uri("/api/v1/files/" + StandIns.KNOWN_FILE + "/content")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, StandIns.PRESIGNED_URL)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store");

		StandIns.Received location = single(STAND_INS.metadata("GET", "/location"), "location");
		TestTokens.assertServiceToken(location.headers().get("authorization"));
		assertThat(location.headers().get("x-acting-user")).isEqualTo("alice");
		StandIns.Received presignCall = single(STAND_INS.storage("POST", "/internal/v1/presigned-downloads"),
				"presign");
		// The location's read grant went to storage-service with the presign.
		assertThat(presignCall.headers().get("storage-grant")).isEqualTo(StandIns.READ_GRANT);
		JsonNode presign = presignCall.json();
		assertThat(presign.get("provider").asString()).isEqualTo("local");
		assertThat(presign.get("key").asString()).isEqualTo("uploads/" + StandIns.KNOWN_FILE);
		assertThat(presign.get("filename").asString()).isEqualTo("r\u00e9sum\u00e9 1.pdf");
		assertThat(presign.get("contentType").asString()).isEqualTo("application/pdf");
		assertThat(presign.get("inline").asBoolean()).isFalse();
	}

	@Test
	void downloadOfAnUnknownFilePassesThe404Through() {
		this.client.get()
			.uri("/api/v1/files/00000000-0000-0000-0000-000000000000/content")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NoSuchFile")
			.jsonPath("$.detail")
			.isEqualTo("from downstream");
		assertThat(STAND_INS.storageCalls).isEmpty();
	}

	@Test
	void streamModePassesRangeAndPartialContentThrough() {
		this.client.get()
			.uri("/api/v1/files/" + StandIns.KNOWN_FILE + "/content?mode=stream")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.header(HttpHeaders.RANGE, "bytes=0-3")
			.exchange()
			.expectStatus()
			.isEqualTo(206)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 0-3/10")
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"e1\"")
			.expectHeader()
			.valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_LENGTH, "4")
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"resume 1.pdf\"")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PDF)
			.expectHeader()
			.doesNotExist("X-Internal-Secret")
			.expectBody(String.class)
			.isEqualTo("0123");

		StandIns.Received get = single(STAND_INS.storage("GET", "/internal/v1/objects/local"), "get");
		assertThat(get.headers().get("range")).isEqualTo("bytes=0-3");
		assertThat(get.headers().get("storage-grant")).isEqualTo(StandIns.READ_GRANT);
		TestTokens.assertServiceToken(get.headers().get("authorization"));
		assertThat(get.uri()).contains("key=uploads%2F" + StandIns.KNOWN_FILE)
			.contains("filename=r%C3%A9sum%C3%A9%201.pdf")
			.contains("contentType=application%2Fpdf");
	}

	@Test
	void proxyPassesAConflictProblemOnWithItsCodeDetailAndDocuments() {
		this.client.method(HttpMethod.DELETE)
			.uri("/api/v1/files/" + StandIns.KNOWN_FILE + "?force=true")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FileAttachedToSubmittedDocument")
			.jsonPath("$.type")
			.isEqualTo("https://errors.cloudstorage.dev/files/file-attached-to-submitted-document")
			.jsonPath("$.status")
			.isEqualTo(409)
			.jsonPath("$.detail")
			.isEqualTo("Attached.")
			.jsonPath("$.documents[0].type")
			.isEqualTo("Sales Invoice")
			.jsonPath("$.documents[0].name")
			.isEqualTo("INV-1");

		StandIns.Received delete = single(STAND_INS.metadata("DELETE", "/api/v1/files/"), "delete");
		assertThat(delete.uri()).isEqualTo("/api/v1/files/" + StandIns.KNOWN_FILE + "?force=true");
		assertThat(delete.headers().get("authorization")).isEqualTo(ALICE);
	}

	@Test
	void proxyForwardsMethodRawQueryBodyAndHeaders() {
		this.client.get()
			.uri(raw("/api/v1/files?folder=a%20b&q=%C3%A9t%C3%A9&limit=5"))
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.header("X-Forwarded-User", "mallory")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist("X-Internal-Secret")
			.expectBody()
			.jsonPath("$.items")
			.isArray();
		StandIns.Received list = single(STAND_INS.metadata("GET", "/api/v1/files"), "list");
		assertThat(list.uri()).isEqualTo("/api/v1/files?folder=a%20b&q=%C3%A9t%C3%A9&limit=5");
		assertThat(list.headers()).doesNotContainKey("x-forwarded-user");

		String document = "{\"status\":\"submitted\"}";
		this.client.put()
			.uri(raw("/api/v1/documents/Sales%20Invoice/INV-1"))
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(document)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo(document);
		StandIns.Received put = single(STAND_INS.metadata("PUT", "/api/v1/documents/"), "put");
		assertThat(put.uri()).isEqualTo("/api/v1/documents/Sales%20Invoice/INV-1");
		assertThat(put.body()).isEqualTo(document);
		assertThat(put.headers().get("content-type")).isEqualTo("application/json");
	}

	@Test
	void unknownRoutesAreNotFoundProblems() {
		expectProblem(this.client.get().uri("/nowhere").exchange(), 404, "NotFound");
		expectProblem(this.client.get().uri("/api/v2/files").header(HttpHeaders.AUTHORIZATION, ALICE).exchange(), 404,
				"NotFound");
		assertThat(STAND_INS.metadataCalls).isEmpty();
	}

	@Test
	void wrongMethodOnAKnownRouteIsNotAllowed() {
		expectProblem(this.client.method(HttpMethod.PATCH)
			.uri("/api/v1/files/" + StandIns.KNOWN_FILE)
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.exchange(), 405, "MethodNotAllowed");
		expectProblem(this.client.delete()
			.uri("/api/v1/files/" + StandIns.KNOWN_FILE + "/content")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.exchange(), 405, "MethodNotAllowed");
		assertThat(STAND_INS.metadataCalls).isEmpty();
	}

	@Test
	void healthIsOpen() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	/** An already encoded URI, sent as it is (a template would encode the '%' again). */
	java.net.URI raw(String pathAndQuery) {
		return java.net.URI.create("http://127.0.0.1:" + this.port + pathAndQuery);
	}

	static void expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code)
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.type")
			.value((type) -> assertThat((String) type).startsWith("https://errors.cloudstorage.dev/files/"));
	}

	static String reservedId() {
		List<StandIns.Received> aborts = STAND_INS.metadata("POST", "/abort");
		assertThat(aborts).as("abort calls").isNotEmpty();
		return aborts.get(0).uri().replace("/internal/v1/uploads/", "").replace("/abort", "");
	}

	static StandIns.Received single(List<StandIns.Received> calls, String what) {
		assertThat(calls).as(what).hasSize(1);
		return calls.get(0);
	}

	static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends the request exactly as written (what no HTTP client library would send) and
	 * answers the head of the response.
	 */
	private String rawHead(String request) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return readHead(socket.getInputStream());
		}
	}

	private static String readHead(InputStream in) throws Exception {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			head.write(b);
			if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
				break;
			}
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	/**
	 * Builds multipart bodies by hand so the order of parts (and truncation) is exactly
	 * what the test says.
	 */
	static final class Multipart {

		private static final String BOUNDARY = "gateway-test-boundary-7MA4YWxkTrZu0gW";

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		Multipart field(String name, String value) {
			write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
					+ "\r\n");
			return this;
		}

		Multipart file(String name, String filename, String contentType, byte[] content) {
			write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
					+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
			this.out.writeBytes(content);
			write("\r\n");
			return this;
		}

		Multipart end() {
			write("--" + BOUNDARY + "--\r\n");
			return this;
		}

		MediaType contentType() {
			return MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY);
		}

		byte[] bytes() {
			return this.out.toByteArray();
		}

		private void write(String text) {
			this.out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
		}

	}

}
