package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventSchemas;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.testsupport.TestClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The whole system, through the gateway, on real infrastructure: a real Kafka broker,
 * PostgreSQL, an S3-protocol server, the token issuer and every service as its own JVM.
 * Bytes are checked in the bucket with a plain S3 client and events with a plain Kafka
 * consumer, as an outside system would see them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileLifecycleEndToEndIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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

	static String aliceFileId;

	static byte[] aliceBytes;

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
	@Order(1)
	void requestsWithoutAValidTokenAreRefused() throws Exception {
		HttpResponse<String> none = send(get("/api/v1/files", null));
		assertProblem(none, 401, "Unauthorized");
		HttpResponse<String> forged = send(get("/api/v1/files", alice.substring(0, alice.length() - 4) + "AAAA"));
		assertThat(forged.statusCode()).isEqualTo(401);
	}

	@Test
	@Order(2)
	void multipartUploadStoresTheBytesInTheBucketAndPublishesFileUploaded() throws Exception {
		aliceBytes = randomBytes(12 * 1024 * 1024 + 17);
		String name = "Report #1 & final?.bin";
		HttpResponse<String> created = send(multipartUpload(alice, name, aliceBytes,
				Map.of("attachedToType", "Sales Invoice", "attachedToName", "INV-1", "folder", "reports")));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode file = JSON.readTree(created.body());
		aliceFileId = file.get("id").asString();
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/files/" + aliceFileId);
		assertThat(file.get("name").asString()).isEqualTo(name);
		assertThat(file.get("size").asLong()).isEqualTo(aliceBytes.length);
		assertThat(file.get("sha256").asString()).isEqualTo(sha256(aliceBytes));
		assertThat(file.get("private").asBoolean()).isTrue();
		assertThat(file.get("owner").asString()).isEqualTo("alice");
		assertThat(file.get("attachments").get(0).get("name").asString()).isEqualTo("INV-1");

		byte[] inBucket = s3
			.getObject((r) -> r.bucket(StackSettings.BUCKET).key("files/" + aliceFileId), ResponseTransformer.toBytes())
			.asByteArray();
		assertThat(sha256(inBucket)).isEqualTo(sha256(aliceBytes));

		ConsumerRecord<String, String> uploaded = awaitEvent((r) -> r.key().equals(aliceFileId)
				&& EventTypes.FILE_UPLOADED.equals(header(r, CloudEventHeaders.TYPE)));
		assertCloudEvent(uploaded, EventTypes.FILE_UPLOADED, aliceFileId);
		JsonNode payload = JSON.readTree(uploaded.value());
		assertThat(payload.get("sha256").asString()).isEqualTo(sha256(aliceBytes));
		assertThat(payload.get("key").asString()).isEqualTo("files/" + aliceFileId);
		assertThat(uploaded.value()).doesNotContain(alice);
	}

	@Test
	@Order(3)
	void rawUploadWorksLikeCurlUploadFile() throws Exception {
		byte[] bytes = "hello from bob\n".getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> created = send(request("/api/v1/files?name=" + encode("notes.txt") + "&private=false", bob)
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode file = JSON.readTree(created.body());
		assertThat(file.get("private").asBoolean()).isFalse();
		assertThat(file.get("contentType").asString()).startsWith("text/plain");

		// Public: alice can read bob's file; bob cannot see alice's private one.
		assertThat(send(get("/api/v1/files/" + file.get("id").asString(), alice)).statusCode()).isEqualTo(200);
		assertProblem(send(get("/api/v1/files/" + aliceFileId, bob)), 404, "NoSuchFile");
	}

	@Test
	@Order(4)
	void listShowsVisibleFilesNewestFirstWithFilters() throws Exception {
		JsonNode all = JSON.readTree(send(get("/api/v1/files", alice)).body());
		List<String> names = new ArrayList<>();
		all.get("items").forEach((f) -> names.add(f.get("name").asString()));
		// Other end-to-end classes share this stack; only the order of this class's files
		// is asserted.
		assertThat(names).containsSubsequence("notes.txt", "Report #1 & final?.bin");

		JsonNode bobs = JSON.readTree(send(get("/api/v1/files", bob)).body());
		assertThat(bobs.get("items")).hasSize(1);

		JsonNode filtered = JSON.readTree(
				send(get("/api/v1/files?attachedToType=" + encode("Sales Invoice") + "&attachedToName=INV-1", alice))
					.body());
		assertThat(filtered.get("items")).hasSize(1);
		JsonNode byName = JSON.readTree(send(get("/api/v1/files?q=REPORT", alice)).body());
		assertThat(byName.get("items")).hasSize(1);
		JsonNode byFolder = JSON.readTree(send(get("/api/v1/files?folder=reports", alice)).body());
		assertThat(byFolder.get("items")).hasSize(1);
		JsonNode page = JSON.readTree(send(get("/api/v1/files?limit=1", alice)).body());
		assertThat(page.get("items")).hasSize(1);
		JsonNode next = JSON.readTree(
				send(get("/api/v1/files?limit=1&cursor=" + encode(page.get("nextCursor").asString()), alice)).body());
		assertThat(next.get("items").get(0).get("name").asString()).isEqualTo("Report #1 & final?.bin");
	}

	@Test
	@Order(5)
	void downloadRedirectsToAShortLivedPresignedUrlWithTheOriginalName() throws Exception {
		HttpResponse<String> redirect = send(get("/api/v1/files/" + aliceFileId + "/content", alice));
		assertThat(redirect.statusCode()).isEqualTo(302);
		URI presigned = URI.create(redirect.headers().firstValue("Location").orElseThrow());
		assertThat(presigned.getQuery()).contains("X-Amz-Expires=");
		HttpResponse<byte[]> object = HTTP.send(HttpRequest.newBuilder(presigned).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(object.statusCode()).isEqualTo(200);
		assertThat(sha256(object.body())).isEqualTo(sha256(aliceBytes));
		assertThat(object.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment")
			.contains("filename*=UTF-8''Report%20#1%20&%20final%3F.bin"); // '#' and '&'
																			// are RFC
																			// 5987
																			// attr-chars
	}

	@Test
	@Order(6)
	void streamModeServesRanges() throws Exception {
		String path = "/api/v1/files/" + aliceFileId + "/content?mode=stream";
		HttpResponse<byte[]> whole = HTTP.send(request(path, alice).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(whole.statusCode()).isEqualTo(200);
		assertThat(sha256(whole.body())).isEqualTo(sha256(aliceBytes));
		assertThat(whole.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(whole.headers().firstValue("ETag")).isPresent();

		HttpResponse<byte[]> part = HTTP.send(request(path, alice).header("Range", "bytes=10-19").GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(part.statusCode()).isEqualTo(206);
		assertThat(part.body()).containsExactly(java.util.Arrays.copyOfRange(aliceBytes, 10, 20));
		assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + aliceBytes.length);

		HttpResponse<String> past = send(
				request(path, alice).header("Range", "bytes=" + (aliceBytes.length + 10) + "-").GET().build());
		assertThat(past.statusCode()).isEqualTo(416);
	}

	@Test
	@Order(7)
	void aFileAttachedToASubmittedDocumentCannotBeDeletedUntilDetached() throws Exception {
		HttpResponse<String> submitted = send(
				request("/api/v1/documents/" + encodePath("Sales Invoice") + "/INV-1", alice)
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"submitted\"}"))
					.build());
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);

		HttpResponse<String> refused = send(delete("/api/v1/files/" + aliceFileId, alice));
		assertProblem(refused, 409, "FileAttachedToSubmittedDocument");
		assertThat(refused.body()).contains("INV-1");

		HttpResponse<String> detached = send(delete(
				"/api/v1/files/" + aliceFileId + "/attachments/" + encodePath("Sales Invoice") + "/INV-1", alice));
		assertThat(detached.statusCode()).as(detached.body()).isEqualTo(204);
	}

	@Test
	@Order(8)
	void deleteRemovesTheObjectFromTheBucketAndPublishesFileDeleted() throws Exception {
		assertProblem(send(delete("/api/v1/files/" + aliceFileId, bob)), 403, "Forbidden");

		HttpResponse<String> deleted = send(delete("/api/v1/files/" + aliceFileId, alice));
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertProblem(send(get("/api/v1/files/" + aliceFileId, alice)), 404, "NoSuchFile");

		ConsumerRecord<String, String> event = awaitEvent((r) -> r.key().equals(aliceFileId)
				&& EventTypes.FILE_DELETED.equals(header(r, CloudEventHeaders.TYPE)));
		assertCloudEvent(event, EventTypes.FILE_DELETED, aliceFileId);
		assertThat(JSON.readTree(event.value()).get("deletedBy").asString()).isEqualTo("alice");

		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try {
				s3.headObject((r) -> r.bucket(StackSettings.BUCKET).key("files/" + aliceFileId));
			}
			catch (NoSuchKeyException ex) {
				break;
			}
			catch (software.amazon.awssdk.services.s3.model.S3Exception ex) {
				if (ex.statusCode() == 404) {
					break;
				}
				throw ex;
			}
			if (System.nanoTime() > deadline) {
				fail("Object still in the bucket 30 s after delete; storage log:\n"
						+ stack.serviceLogTail("storage-service"));
			}
			Thread.sleep(200);
		}
	}

	@Test
	@Order(9)
	void documentStatusPublishedOnKafkaBlocksDeletion() throws Exception {
		HttpResponse<String> created = send(multipartUpload(alice, "contract.pdf", "%PDF-1.4 tiny".getBytes(),
				Map.of("attachedToType", "Contract", "attachedToName", "C-7")));
		String id = JSON.readTree(created.body()).get("id").asString();

		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		try (KafkaProducer<String, String> erp = new KafkaProducer<>(props)) {
			ProducerRecord<String, String> record = new ProducerRecord<>(Topics.DOCUMENTS, "Contract/C-7",
					"{\"type\":\"Contract\",\"name\":\"C-7\",\"status\":\"submitted\"}");
			record.headers()
				.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes())
				.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes())
				.add(CloudEventHeaders.SOURCE, "/erp".getBytes())
				.add(CloudEventHeaders.TYPE, EventTypes.DOCUMENT_STATUS_CHANGED.getBytes())
				.add(CloudEventHeaders.CONTENT_TYPE, "application/json".getBytes());
			erp.send(record).get();
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		HttpResponse<String> response;
		do {
			Thread.sleep(200);
			JsonNode file = JSON.readTree(send(get("/api/v1/files/" + id, alice)).body());
			if ("submitted".equals(file.get("attachments").get(0).path("documentStatus").asString(""))) {
				break;
			}
		}
		while (System.nanoTime() < deadline);
		response = send(delete("/api/v1/files/" + id, bob));
		assertThat(response.statusCode()).isEqualTo(403);
		response = send(delete("/api/v1/files/" + id, alice));
		assertProblem(response, 409, "FileAttachedToSubmittedDocument");
		// files:admin may force it, like the System Manager.
		assertThat(send(delete("/api/v1/files/" + id + "?force=true", alice)).statusCode()).isEqualTo(204);
	}

	@Test
	@Order(10)
	void badInputGetsAClearProblemAndChangesNothing() throws Exception {
		int before = JSON.readTree(send(get("/api/v1/files", alice)).body()).get("items").size();
		for (String name : List.of("a/b.txt", "..", "", "x".repeat(300))) {
			HttpResponse<String> response = send(
					request("/api/v1/files?name=" + encode(name), alice).header("Content-Type", "text/plain")
						.POST(HttpRequest.BodyPublishers.ofString("x"))
						.build());
			assertThat(response.statusCode()).as("name %s: %s", name, response.body()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
		}
		assertProblem(send(get("/api/v1/files/not-a-uuid", alice)), 400, "InvalidRequest");
		assertProblem(send(get("/api/v1/nothing-here", alice)), 404, "NotFound");
		// A NUL in a filter is the caller's mistake (400), not the catalogue's failure
		// (503).
		assertProblem(send(get("/api/v1/files?q=%00", alice)), 400, "InvalidRequest");
		assertProblem(send(get("/api/v1/files?folder=a%00b", alice)), 400, "InvalidRequest");
		// Paths the security firewall refuses are problems too.
		assertProblem(send(get("/api/v1/files/%2e%2e", alice)), 400, "InvalidRequest");
		HttpResponse<String> unknownField = send(
				request("/api/v1/documents/T/N", alice).header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"draft\",\"extra\":1}"))
					.build());
		assertThat(unknownField.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(send(get("/api/v1/files", alice)).body()).get("items").size()).isEqualTo(before);
	}

	@Test
	@Order(11)
	void aBodyShorterThanItsContentLengthCreatesNoFile() throws Exception {
		int before = JSON.readTree(send(get("/api/v1/files", alice)).body()).get("items").size();
		URI gateway = stack.gatewayUrl();
		try (java.net.Socket socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
			socket.setSoTimeout(30_000);
			String head = "POST /api/v1/files?name=liar.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
					+ alice + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(new byte[1000]);
			socket.getOutputStream().flush();
			// The client says it is done after 1000 of the 1,000,000 bytes it announced.
			socket.shutdownOutput();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!answer.isEmpty()) {
				assertThat(answer).startsWith("HTTP/1.1 400").contains("IncompleteBody");
			}
		}
		assertThat(JSON.readTree(send(get("/api/v1/files?q=liar", alice)).body()).get("items")).isEmpty();
		assertThat(JSON.readTree(send(get("/api/v1/files", alice)).body()).get("items").size()).isEqualTo(before);
	}

	// --- helpers
	// -------------------------------------------------------------------------------------------------

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

	static void assertCloudEvent(ConsumerRecord<String, String> record, String type, String fileId) {
		assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
		assertThat(header(record, CloudEventHeaders.ID)).isNotBlank();
		assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/metadata-service");
		assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(type);
		assertThat(header(record, CloudEventHeaders.TIME)).isNotBlank();
		assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(fileId);
		assertThat(header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
		EventSchemas.assertValid(type, record.value());
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
		HttpRequest.Builder builder = HttpRequest.newBuilder(stack.gatewayUrl().resolve(path))
			.timeout(Duration.ofSeconds(60));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	static HttpRequest get(String path, String token) {
		return request(path, token).GET().build();
	}

	static HttpRequest delete(String path, String token) {
		return request(path, token).DELETE().build();
	}

	static HttpRequest multipartUpload(String token, String filename, byte[] bytes, Map<String, String> fields) {
		String boundary = "----e2e" + UUID.randomUUID();
		List<byte[]> parts = new ArrayList<>();
		fields.forEach((name, value) -> parts.add(
				("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
					.getBytes(StandardCharsets.UTF_8)));
		parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		parts.add(bytes);
		parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return request("/api/v1/files", token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArrays(parts))
			.build();
	}

	static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static String encodePath(String value) {
		return encode(value).replace("+", "%20");
	}

	static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		new Random(42).nextBytes(bytes);
		return bytes;
	}

	static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
