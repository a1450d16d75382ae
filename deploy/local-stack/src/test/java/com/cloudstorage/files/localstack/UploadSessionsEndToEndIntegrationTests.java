package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventSchemas;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.testsupport.TestClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Upload sessions (issue #11) through the gateway on the whole stack as
 * {@code ./run-local} starts it: a direct session whose parts a plain HTTP client PUTs to
 * the presigned URLs, a proxied session whose parts stream through the gateway, and the
 * refusals. Bytes are checked in the bucket with a plain S3 client, events with a plain
 * Kafka consumer.
 */
class UploadSessionsEndToEndIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MIB = 1024 * 1024;

	/** metadata-service's default part size. */
	private static final int PART_SIZE = 8 * MIB;

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	static LaunchedStack stack;

	static String alice;

	static String bob;

	static S3Client s3;

	static KafkaConsumer<String, String> events;

	static final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

	@BeforeAll
	static void startStack() throws Exception {
		stack = SharedStack.get();
		alice = stack.token("alice", "alice-secret");
		bob = stack.token("bob", "bob-secret");
		s3 = TestClients.s3(stack.s3Endpoint(), StackSettings.S3_ACCESS_KEY, StackSettings.S3_SECRET_KEY);
		events = TestClients.consumer(stack.kafkaBootstrapServers(), Topics.FILES);
	}

	@AfterAll
	static void stopStack() {
		if (events != null) {
			events.close();
		}
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void directSessionPartsGoStraightToTheProviderAndTheFileBecomesAvailable() throws Exception {
		byte[] bytes = randomBytes(PART_SIZE + 3 * MIB + 123, 1);
		JsonNode session = open(alice, "direct", "big report.bin", bytes.length, sha256(bytes));
		String id = session.get("id").asString();
		String fileId = session.get("fileId").asString();
		assertThat(session.get("partSize").asLong()).isEqualTo(PART_SIZE);
		assertThat(session.get("partCount").asInt()).isEqualTo(2);
		assertThat(session.get("expiresAt").asString()).isNotBlank();
		assertThat(session.has("key") || session.has("provider")).as("no storage detail leaks").isFalse();
		// Reserved, not available: nobody sees the file yet.
		assertProblem(send(get("/api/v1/files/" + fileId, alice)), 404, "NoSuchFile");

		HttpResponse<String> urlsAnswer = send(post("/api/v1/uploads/" + id + "/part-urls", alice, ""));
		assertThat(urlsAnswer.statusCode()).as(urlsAnswer.body()).isEqualTo(200);
		JsonNode urls = JSON.readTree(urlsAnswer.body()).get("urls");
		assertThat(urls).hasSize(2);
		for (JsonNode url : urls) {
			URI target = URI.create(url.get("url").asString());
			assertThat(target.getPort()).as("straight to the provider").isEqualTo(stack.s3Endpoint().getPort());
			assertThat(target.getQuery()).contains("X-Amz-Expires=").contains("partNumber=" + url.get("partNumber"));
		}
		URI first = URI.create(urls.get(0).get("url").asString());
		URI second = URI.create(urls.get(1).get("url").asString());
		byte[] part1 = Arrays.copyOfRange(bytes, 0, PART_SIZE);
		byte[] part2 = Arrays.copyOfRange(bytes, PART_SIZE, bytes.length);

		// A URL writes only its own part, with its own length (signed): the provider
		// refuses a longer body, and nothing is stored.
		byte[] longer = Arrays.copyOf(part2, part2.length + 1);
		assertThat(refused(second, longer)).isTrue();
		assertThat(JSON.readTree(send(get("/api/v1/uploads/" + id, alice)).body()).get("parts")).isEmpty();
		assertThat(putBytes(first, part1).statusCode()).isEqualTo(200);
		assertThat(putBytes(second, part2).statusCode()).isEqualTo(200);

		JsonNode listed = JSON.readTree(send(get("/api/v1/uploads/" + id, alice)).body());
		assertThat(listed.get("parts")).hasSize(2);
		assertThat(listed.get("parts").get(0).get("partNumber").asInt()).isEqualTo(1);
		assertThat(listed.get("parts").get(0).get("size").asLong()).isEqualTo(PART_SIZE);
		assertThat(listed.get("parts").get(1).get("size").asLong()).isEqualTo(part2.length);

		HttpResponse<String> completed = send(post("/api/v1/uploads/" + id + "/complete", alice, ""));
		assertThat(completed.statusCode()).as(completed.body()).isEqualTo(201);
		assertThat(completed.headers().firstValue("Location")).hasValue("/api/v1/files/" + fileId);
		JsonNode file = JSON.readTree(completed.body());
		assertThat(file.get("status").asString()).isEqualTo("AVAILABLE");
		assertThat(file.get("size").asLong()).isEqualTo(bytes.length);
		assertThat(file.get("sha256").asString()).isEqualTo(sha256(bytes));
		assertThat(file.get("name").asString()).isEqualTo("big report.bin");

		assertThat(sha256(objectBytes(fileId))).isEqualTo(sha256(bytes));
		assertNoOpenMultipartUpload(fileId);
		assertFileUploaded(fileId, bytes);
		// A completed session is over.
		assertProblem(send(get("/api/v1/uploads/" + id, alice)), 404, "NoSuchUploadSession");
		assertThat(send(get("/api/v1/files/" + fileId, alice)).statusCode()).isEqualTo(200);
	}

	/**
	 * A larger direct session (7 parts): completing joins the parts and reads the whole
	 * object back, so every hop's wait grows with the size. Not a reproduction of the 1
	 * GiB 503 (that size is for the benchmark); it shows the scaled waits end to end.
	 */
	@Test
	void aLargerDirectSessionCompletesThroughEveryHop() throws Exception {
		byte[] bytes = randomBytes(6 * PART_SIZE + 5 * MIB + 1, 9);
		JsonNode session = open(alice, "direct", "larger.bin", bytes.length, sha256(bytes));
		String id = session.get("id").asString();
		String fileId = session.get("fileId").asString();
		assertThat(session.get("partCount").asInt()).isEqualTo(7);
		HttpResponse<String> urlsAnswer = send(post("/api/v1/uploads/" + id + "/part-urls?first=1&count=7", alice, ""));
		assertThat(urlsAnswer.statusCode()).as(urlsAnswer.body()).isEqualTo(200);
		for (JsonNode url : JSON.readTree(urlsAnswer.body()).get("urls")) {
			int number = url.get("partNumber").asInt();
			byte[] part = Arrays.copyOfRange(bytes, (number - 1) * PART_SIZE,
					Math.min(bytes.length, number * PART_SIZE));
			assertThat(putBytes(URI.create(url.get("url").asString()), part).statusCode()).isEqualTo(200);
		}

		HttpResponse<String> completed = send(post("/api/v1/uploads/" + id + "/complete", alice, ""));

		assertThat(completed.statusCode()).as(completed.body()).isEqualTo(201);
		JsonNode file = JSON.readTree(completed.body());
		assertThat(file.get("status").asString()).isEqualTo("AVAILABLE");
		assertThat(file.get("size").asLong()).isEqualTo(bytes.length);
		assertThat(sha256(objectBytes(fileId))).isEqualTo(sha256(bytes));
		assertNoOpenMultipartUpload(fileId);
		assertFileUploaded(fileId, bytes);
	}

	/**
	 * A direct session without an announced SHA-256: completing checks the joined
	 * object's size only (no read-back), the file is AVAILABLE at once without a SHA-256
	 * ({@code FileAssembled}); storage-service's workers read it back and
	 * {@code FileUploaded} follows with the right SHA-256. A share link made in between
	 * opens the file at once and still does afterwards.
	 */
	@Test
	void aDirectSessionWithoutAnnouncedChecksumIsAvailableAtOnceAndFileUploadedFollowsWithIt() throws Exception {
		byte[] bytes = randomBytes(PART_SIZE + 2 * MIB + 7, 13);
		JsonNode session = open(alice, "direct", "unhashed.bin", bytes.length, null);
		String id = session.get("id").asString();
		String fileId = session.get("fileId").asString();
		HttpResponse<String> urlsAnswer = send(post("/api/v1/uploads/" + id + "/part-urls?first=1&count=2", alice, ""));
		assertThat(urlsAnswer.statusCode()).as(urlsAnswer.body()).isEqualTo(200);
		for (JsonNode url : JSON.readTree(urlsAnswer.body()).get("urls")) {
			int number = url.get("partNumber").asInt();
			byte[] part = Arrays.copyOfRange(bytes, (number - 1) * PART_SIZE,
					Math.min(bytes.length, number * PART_SIZE));
			assertThat(putBytes(URI.create(url.get("url").asString()), part).statusCode()).isEqualTo(200);
		}

		HttpResponse<String> completed = send(post("/api/v1/uploads/" + id + "/complete", alice, ""));

		assertThat(completed.statusCode()).as(completed.body()).isEqualTo(201);
		JsonNode file = JSON.readTree(completed.body());
		assertThat(file.get("status").asString()).isEqualTo("AVAILABLE");
		assertThat(file.get("size").asLong()).isEqualTo(bytes.length);
		// A share link made right away, most likely before storage has read the object
		// back: the gateway answers once the link is live, and it opens the file then.
		HttpResponse<String> shared = send(
				request("/api/v1/files/" + fileId + "/share-link", alice).POST(HttpRequest.BodyPublishers.noBody())
					.build());
		assertThat(shared.statusCode()).as(shared.body()).isEqualTo(200);
		URI link = URI.create(JSON.readTree(shared.body()).get("url").asString());
		assertLinkOpens(link, bytes, "unhashed.bin");
		ConsumerRecord<String, String> assembled = awaitEvent(
				(r) -> r.key().equals(fileId) && EventTypes.FILE_ASSEMBLED.equals(type(r)));
		EventSchemas.assertValid(EventTypes.FILE_ASSEMBLED, assembled.value());
		assertFileUploaded(fileId, bytes);
		// The SHA-256 arriving changes nothing for the link.
		assertLinkOpens(link, bytes, "unhashed.bin");
		JsonNode later = JSON.readTree(send(get("/api/v1/files/" + fileId, alice)).body());
		assertThat(later.get("sha256").asString()).isEqualTo(sha256(bytes));
		assertThat(sha256(objectBytes(fileId))).isEqualTo(sha256(bytes));
		assertNoOpenMultipartUpload(fileId);
	}

	@Test
	void anEmptySessionHasNoPartAndCompletesIntoAnEmptyFile() throws Exception {
		JsonNode session = open(alice, "direct", "empty.bin", 0, sha256(new byte[0]));
		assertThat(session.get("partCount").asInt()).isZero();
		String id = session.get("id").asString();
		String fileId = session.get("fileId").asString();

		HttpResponse<String> completed = send(post("/api/v1/uploads/" + id + "/complete", alice, ""));

		assertThat(completed.statusCode()).as(completed.body()).isEqualTo(201);
		assertThat(JSON.readTree(completed.body()).get("size").asLong()).isZero();
		assertThat(objectBytes(fileId)).isEmpty();
		assertNoOpenMultipartUpload(fileId);
		assertFileUploaded(fileId, new byte[0]);
	}

	@Test
	void proxiedSessionPartsStreamThroughTheGatewayInAnyOrder() throws Exception {
		byte[] bytes = randomBytes(PART_SIZE + MIB + 5, 2);
		JsonNode session = open(alice, "proxied", "streamed.bin", bytes.length, null);
		String id = session.get("id").asString();
		String fileId = session.get("fileId").asString();

		HttpResponse<String> second = send(
				put("/api/v1/uploads/" + id + "/parts/2", alice, Arrays.copyOfRange(bytes, PART_SIZE, bytes.length)));
		assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
		assertThat(JSON.readTree(second.body()).get("size").asLong()).isEqualTo(bytes.length - PART_SIZE);
		// Only part 2 so far: completing names what is missing and keeps the session.
		HttpResponse<String> early = send(post("/api/v1/uploads/" + id + "/complete", alice, ""));
		assertProblem(early, 409, "UploadIncomplete");
		assertThat(JSON.readTree(early.body()).get("missingParts").toString()).isEqualTo("[1]");
		JsonNode resumed = JSON.readTree(send(get("/api/v1/uploads/" + id, alice)).body());
		assertThat(resumed.get("parts")).hasSize(1);
		assertThat(resumed.get("parts").get(0).get("partNumber").asInt()).isEqualTo(2);

		HttpResponse<String> first = send(
				put("/api/v1/uploads/" + id + "/parts/1", alice, Arrays.copyOfRange(bytes, 0, PART_SIZE)));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		HttpResponse<String> completed = send(post("/api/v1/uploads/" + id + "/complete", alice, ""));
		assertThat(completed.statusCode()).as(completed.body()).isEqualTo(201);
		JsonNode file = JSON.readTree(completed.body());
		assertThat(file.get("sha256").asString()).as("computed by storage-service").isEqualTo(sha256(bytes));

		assertThat(sha256(objectBytes(fileId))).isEqualTo(sha256(bytes));
		assertNoOpenMultipartUpload(fileId);
		assertFileUploaded(fileId, bytes);
	}

	@Test
	void aChecksumMismatchFailsTheUploadAndRemovesItsBytes() throws Exception {
		byte[] bytes = randomBytes(MIB + 7, 3);
		byte[] other = randomBytes(MIB + 7, 4);
		JsonNode session = open(alice, "proxied", "wrong.bin", bytes.length, sha256(other));
		String id = session.get("id").asString();
		String fileId = session.get("fileId").asString();
		assertThat(send(put("/api/v1/uploads/" + id + "/parts/1", alice, bytes)).statusCode()).isEqualTo(200);

		assertProblem(send(post("/api/v1/uploads/" + id + "/complete", alice, "")), 422, "ChecksumMismatch");

		assertProblem(send(get("/api/v1/files/" + fileId, alice)), 404, "NoSuchFile");
		assertThatThrownBy(() -> objectBytes(fileId)).isInstanceOf(NoSuchKeyException.class);
		assertProblem(send(get("/api/v1/uploads/" + id, alice)), 404, "NoSuchUploadSession");
		awaitEvent((r) -> r.key().equals(fileId) && EventTypes.FILE_UPLOAD_EXPIRED.equals(type(r)));
		assertThat(seen).noneMatch((r) -> r.key().equals(fileId) && EventTypes.FILE_UPLOADED.equals(type(r)));
	}

	@Test
	void abortingASessionRemovesItsParts() throws Exception {
		byte[] bytes = randomBytes(PART_SIZE + 10, 5);
		JsonNode session = open(alice, "proxied", "aborted.bin", bytes.length, null);
		String id = session.get("id").asString();
		String fileId = session.get("fileId").asString();
		assertThat(send(put("/api/v1/uploads/" + id + "/parts/1", alice, Arrays.copyOfRange(bytes, 0, PART_SIZE)))
			.statusCode()).isEqualTo(200);

		assertProblem(send(delete("/api/v1/uploads/" + id, bob)), 404, "NoSuchUploadSession");
		assertThat(send(delete("/api/v1/uploads/" + id, alice)).statusCode()).isEqualTo(204);

		assertProblem(send(get("/api/v1/uploads/" + id, alice)), 404, "NoSuchUploadSession");
		awaitEvent((r) -> r.key().equals(fileId) && EventTypes.FILE_UPLOAD_EXPIRED.equals(type(r)));
		// storage-service's workers abort the multipart upload on FileUploadExpired.
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!openUploads(fileId).isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertNoOpenMultipartUpload(fileId);
		assertProblem(send(get("/api/v1/files/" + fileId, alice)), 404, "NoSuchFile");
	}

	@Test
	void badInputIsRefusedWithStableCodes() throws Exception {
		assertProblem(
				send(post("/api/v1/uploads", alice, "{\"name\":\"huge.bin\",\"size\":6442450944,\"mode\":\"direct\"}")),
				413, "EntityTooLarge");
		assertProblem(send(post("/api/v1/uploads", alice, "{\"name\":\"x.bin\",\"size\":10,\"mode\":\"sideways\"}")),
				400, "InvalidRequest");
		assertProblem(send(post("/api/v1/uploads", alice, "{\"name\":\"x.bin\",\"size\":-1,\"mode\":\"direct\"}")), 400,
				"InvalidRequest");
		assertProblem(send(post("/api/v1/uploads", alice, "{\"name\":\"../x\",\"size\":10,\"mode\":\"direct\"}")), 400,
				"InvalidFileName");
		assertProblem(send(post("/api/v1/uploads", alice, "{\"name\":")), 400, "InvalidRequest");
		assertProblem(send(get("/api/v1/uploads/not-a-uuid", alice)), 400, "InvalidRequest");
		assertProblem(send(get("/api/v1/uploads/" + java.util.UUID.randomUUID(), alice)), 404, "NoSuchUploadSession");

		JsonNode session = open(alice, "proxied", "checked.bin", PART_SIZE + 100, null);
		String id = session.get("id").asString();
		assertProblem(send(put("/api/v1/uploads/" + id + "/parts/3", alice, new byte[100])), 400,
				"PartNumberOutOfRange");
		assertProblem(send(put("/api/v1/uploads/" + id + "/parts/0", alice, new byte[100])), 400,
				"PartNumberOutOfRange");
		assertProblem(send(put("/api/v1/uploads/" + id + "/parts/2", alice, new byte[101])), 413, "PartTooLarge");
		assertProblem(send(post("/api/v1/uploads/" + id + "/part-urls", alice, "")), 409, "UploadModeMismatch");
		// Another caller's session does not exist for them.
		assertProblem(send(get("/api/v1/uploads/" + id, bob)), 404, "NoSuchUploadSession");
		assertProblem(send(put("/api/v1/uploads/" + id + "/parts/2", bob, new byte[100])), 404, "NoSuchUploadSession");
		assertProblem(send(post("/api/v1/uploads/" + id + "/complete", bob, "")), 404, "NoSuchUploadSession");
		// Nothing changed: the session is still there for alice, with no part.
		JsonNode unchanged = JSON.readTree(send(get("/api/v1/uploads/" + id, alice)).body());
		assertThat(unchanged.get("parts")).isEmpty();
		assertProblem(send(post("/api/v1/uploads/" + id + "/complete", alice, "")), 409, "UploadIncomplete");
	}

	// --- helpers

	static JsonNode open(String token, String mode, String name, long size, String sha256) throws Exception {
		String body = "{\"name\":\"" + name + "\",\"size\":" + size + ",\"contentType\":\"application/octet-stream\""
				+ ((sha256 != null) ? ",\"sha256\":\"" + sha256 + "\"" : "") + ",\"mode\":\"" + mode + "\"}";
		HttpResponse<String> created = send(post("/api/v1/uploads", token, body));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode session = JSON.readTree(created.body());
		assertThat(created.headers().firstValue("Location"))
			.hasValue("/api/v1/uploads/" + session.get("id").asString());
		return session;
	}

	static void assertFileUploaded(String fileId, byte[] bytes) throws Exception {
		ConsumerRecord<String, String> uploaded = awaitEvent(
				(r) -> r.key().equals(fileId) && EventTypes.FILE_UPLOADED.equals(type(r)));
		assertThat(header(uploaded, CloudEventHeaders.SOURCE)).isEqualTo("/metadata-service");
		assertThat(header(uploaded, CloudEventHeaders.SUBJECT)).isEqualTo(fileId);
		EventSchemas.assertValid(EventTypes.FILE_UPLOADED, uploaded.value());
		JsonNode payload = JSON.readTree(uploaded.value());
		assertThat(payload.get("sha256").asString()).isEqualTo(sha256(bytes));
		assertThat(payload.get("size").asLong()).isEqualTo(bytes.length);
		assertThat(payload.get("key").asString()).isEqualTo("files/" + fileId);
		assertThat(uploaded.value()).doesNotContain("X-Amz-");
	}

	/** The link redirects, without an account, to exactly these bytes under this name. */
	static void assertLinkOpens(URI link, byte[] bytes, String name) throws Exception {
		HttpResponse<Void> redirect = HTTP.send(HttpRequest.newBuilder(link).build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(redirect.statusCode()).isEqualTo(302);
		HttpResponse<byte[]> object = HTTP.send(
				HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").orElseThrow())).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(object.statusCode()).isEqualTo(200);
		assertThat(sha256(object.body())).isEqualTo(sha256(bytes));
		assertThat(object.headers().firstValue("Content-Disposition").orElseThrow()).contains(name);
	}

	static byte[] objectBytes(String fileId) {
		return s3.getObject((r) -> r.bucket(StackSettings.BUCKET).key("files/" + fileId), ResponseTransformer.toBytes())
			.asByteArray();
	}

	static List<String> openUploads(String fileId) {
		return s3.listMultipartUploads((r) -> r.bucket(StackSettings.BUCKET).prefix("files/" + fileId))
			.uploads()
			.stream()
			.map((upload) -> upload.key())
			.filter(("files/" + fileId)::equals)
			.toList();
	}

	static void assertNoOpenMultipartUpload(String fileId) {
		assertThat(openUploads(fileId)).isEmpty();
	}

	static ConsumerRecord<String, String> awaitEvent(Predicate<ConsumerRecord<String, String>> match) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			for (ConsumerRecord<String, String> record : seen) {
				if (match.test(record)) {
					return record;
				}
			}
			events.poll(Duration.ofMillis(200)).forEach(seen::add);
		}
		throw new AssertionError("No matching event on " + Topics.FILES + " within 30 s; saw " + seen.size());
	}

	static String type(ConsumerRecord<String, String> record) {
		return header(record, CloudEventHeaders.TYPE);
	}

	static String header(ConsumerRecord<String, String> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	static void assertProblem(HttpResponse<String> response, int status, String code) throws IOException {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
		assertThat(JSON.readTree(response.body()).path("code").asString("")).isEqualTo(code);
	}

	static HttpRequest.Builder request(String path, String token) {
		return HttpRequest.newBuilder(stack.gatewayUrl().resolve(path))
			.timeout(Duration.ofSeconds(90))
			.header("Authorization", "Bearer " + token);
	}

	static HttpRequest get(String path, String token) {
		return request(path, token).GET().build();
	}

	static HttpRequest delete(String path, String token) {
		return request(path, token).DELETE().build();
	}

	static HttpRequest post(String path, String token, String json) {
		return request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
	}

	static HttpRequest put(String path, String token, byte[] bytes) {
		return request(path, token).header("Content-Type", "application/octet-stream")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build();
	}

	/** What any HTTP client does with a presigned part URL: no token, no SDK. */
	static HttpResponse<String> putBytes(URI url, byte[] bytes) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(url)
			.timeout(Duration.ofSeconds(90))
			.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Whether the provider refused the PUT: a 403, or the connection closed on the body
	 * once the provider answered before reading it.
	 */
	static boolean refused(URI url, byte[] bytes) throws Exception {
		try {
			return putBytes(url, bytes).statusCode() == 403;
		}
		catch (IOException ex) {
			return true;
		}
	}

	static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static byte[] randomBytes(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
