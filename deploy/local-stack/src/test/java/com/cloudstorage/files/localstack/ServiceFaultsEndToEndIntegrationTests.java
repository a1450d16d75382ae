package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.Directories;
import com.cloudstorage.files.testsupport.TestClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What users see when a part of the running system crashes or stops: storage-service
 * killed in the middle of an upload, the Kafka broker paused while files are uploaded,
 * share-link-service killed and started again, storage-service's answer to a session's
 * completion lost. A stack of its own (started in this JVM), because these tests kill
 * parts of it; each test leaves it whole again.
 */
class ServiceFaultsEndToEndIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private static Path data;

	private static LocalStack stack;

	private static String alice;

	private static S3Client s3;

	@BeforeAll
	static void startStack() throws Exception {
		data = Directories.temporary("local-stack-faults", Duration.ofHours(2));
		stack = LocalStack.start(StackSettings.forTests(data));
		alice = stack.token("alice", "alice-secret");
		s3 = TestClients.s3(stack.s3Endpoint(), StackSettings.S3_ACCESS_KEY, StackSettings.S3_SECRET_KEY);
	}

	@AfterAll
	static void stopStack() {
		if (s3 != null) {
			s3.close();
		}
		if (stack != null) {
			stack.close();
		}
		if (data != null) {
			Directories.deleteTreeQuietly(data);
		}
	}

	@Test
	void storageKilledMidUploadFailsTheUploadFastAndLeavesNoFileAndNoBytes() throws Exception {
		String name = "killed-" + UUID.randomUUID() + ".bin";
		long announced = 64L * 1024 * 1024;
		String status;
		long failedAfterMillis;
		long reservedBefore = reservations();
		try (Socket socket = new Socket("127.0.0.1", stack.gatewayUrl().getPort())) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/files?name=" + name + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
					+ alice + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + announced + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[64 * 1024];
			for (int i = 0; i < 64; i++) { // 4 MiB of 64, then the crash
				out.write(chunk);
			}
			out.flush();
			awaitTrue("the gateway reserved the upload and streams it", Duration.ofSeconds(60),
					() -> reservations() > reservedBefore);
			long killed = System.nanoTime();
			stack.kill("storage-service");
			status = statusLine(socket.getInputStream());
			failedAfterMillis = Duration.ofNanos(System.nanoTime() - killed).toMillis();
		}
		assertThat(status).as("answer to the interrupted upload").startsWith("HTTP/1.1 503");
		assertThat(failedAfterMillis).as("time from the crash to the answer").isLessThan(30_000);
		assertThat(listedNames(alice)).doesNotContain(name);

		stack.restart("storage-service");
		// The aborted reservation's cleanup runs once storage-service is back: nothing in
		// the bucket that no available file owns, no incomplete multipart upload.
		awaitTrue("the bucket holds only available files' objects and no multipart upload", Duration.ofSeconds(90),
				() -> orphanKeys().isEmpty()
						&& s3.listMultipartUploads((r) -> r.bucket(StackSettings.BUCKET)).uploads().isEmpty());
		HttpResponse<String> again = upload("after-restart.txt", "works again".getBytes(StandardCharsets.UTF_8));
		assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
	}

	@Test
	void uploadsSucceedWhileKafkaIsPausedAndTheirEventsFollowOnceItIsBack() throws Exception {
		List<String> ids = new ArrayList<>();
		ProcessHandle broker = stack.kafkaBroker();
		signal("STOP", broker);
		try {
			for (int i = 0; i < 3; i++) {
				HttpResponse<String> created = upload("while-kafka-paused-" + i + ".txt",
						("file " + i).getBytes(StandardCharsets.UTF_8));
				assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
				ids.add(JSON.readTree(created.body()).get("id").asString());
			}
			assertThat(listedIds(alice)).containsAll(ids);
		}
		finally {
			signal("CONT", broker);
		}
		Set<String> uploaded = new HashSet<>();
		try (KafkaConsumer<String, String> events = TestClients.consumer(stack.kafkaBootstrapServers(), Topics.FILES)) {
			long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
			while (!uploaded.containsAll(ids) && System.nanoTime() < deadline) {
				events.poll(Duration.ofMillis(500)).forEach((record) -> {
					var type = record.headers().lastHeader("ce_type");
					if (type != null
							&& EventTypes.FILE_UPLOADED.equals(new String(type.value(), StandardCharsets.UTF_8))) {
						uploaded.add(record.key());
					}
				});
			}
		}
		assertThat(uploaded).as("FileUploaded events after Kafka came back").containsAll(ids);
	}

	@Test
	void shareLinkServiceDownAnswers503AndAfterARestartLinksResolveAndARetriedResetKillsOldLinks() throws Exception {
		HttpResponse<String> created = upload("shared.txt", "shared bytes".getBytes(StandardCharsets.UTF_8));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = JSON.readTree(created.body()).get("id").asString();
		HttpResponse<String> link = send(api("/api/v1/files/" + id + "/share-link").POST(noBody()).build());
		assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
		URI first = URI.create(JSON.readTree(link.body()).get("url").asString());
		assertThat(anonymous(first).statusCode()).isEqualTo(302);

		stack.kill("share-link-service");
		HttpResponse<String> down = anonymous(first);
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(down.headers().firstValue("Retry-After")).isPresent();
		HttpResponse<String> resetWhileDown = send(
				api("/api/v1/files/" + id + "/share-link/reset").POST(noBody()).build());
		// The reset cannot be confirmed dead everywhere while the projection is away: the
		// caller is told to retry rather than told it worked.
		assertThat(resetWhileDown.statusCode()).as(resetWhileDown.body()).isEqualTo(503);
		assertThat(resetWhileDown.headers().firstValue("Retry-After")).isPresent();

		stack.restart("share-link-service");
		// Until the restarted consumer has its partitions back and has caught up, link
		// changes answer 503 ProjectionLag with Retry-After; a client retries as told.
		HttpResponse<String> retried = send(api("/api/v1/files/" + id + "/share-link/reset").POST(noBody()).build());
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (retried.statusCode() == 503 && System.nanoTime() < deadline) {
			assertThat(retried.headers().firstValue("Retry-After")).isPresent();
			assertThat(JSON.readTree(retried.body()).get("code").asString()).isIn("ProjectionLag",
					"ServiceUnavailable");
			TimeUnit.SECONDS.sleep(Long.parseLong(retried.headers().firstValue("Retry-After").orElseThrow()));
			retried = send(api("/api/v1/files/" + id + "/share-link/reset").POST(noBody()).build());
		}
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
		URI current = URI.create(JSON.readTree(retried.body()).get("url").asString());
		// Dead at once, without waiting: the gateway answered the reset only once the
		// restarted projection had applied it.
		assertThat(anonymous(first).statusCode()).isEqualTo(404);
		assertThat(anonymous(current).statusCode()).isEqualTo(302);
	}

	/**
	 * A session's completion fails after storage-service joined the parts: storage joins,
	 * reads the object back and answers, but the answer never reaches the gateway (a
	 * proxy in front of storage-service withholds it), so the gateway gives up and
	 * metadata-service never hears of it. The client retries, as it is told to: the retry
	 * recognises the joined object, checks its size and SHA-256 again and finishes the
	 * session, with exactly one {@code FileUploaded}. (Before, the retry answered
	 * {@code 404 NoSuchUploadSession}: the multipart upload no longer existed, and the
	 * session expired with its bytes removed.) A completion asked again after that
	 * answers the same {@code 201} and emits nothing (before: {@code 404}).
	 */
	@Test
	void aSessionCompletionThatFailedAfterTheJoinIsRetriedIntoOneAvailableFile() throws Exception {
		int storagePort = stack.servicePort("storage-service");
		try (AnswerWithholdingProxy proxy = AnswerWithholdingProxy.start(storagePort)) {
			// The gateway reaches storage-service only through the proxy, and waits 10 s
			// (not 60) for a silent storage-service.
			stack.kill("gateway-service");
			stack.restart("gateway-service", Map.of("files.gateway.storage-url", "http://127.0.0.1:" + proxy.port(),
					"files.gateway.transfer-idle-timeout", "10s"));
			try {
				byte[] bytes = new byte[8 * 1024 * 1024 + 5000];
				new Random(11).nextBytes(bytes);
				String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
				HttpResponse<String> opened = send(api("/api/v1/uploads").header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"joined-once.bin\",\"size\":" + bytes.length
							+ ",\"sha256\":\"" + sha256 + "\",\"mode\":\"proxied\"}"))
					.build());
				assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
				JsonNode session = JSON.readTree(opened.body());
				String id = session.get("id").asString();
				String fileId = session.get("fileId").asString();
				int partSize = session.get("partSize").asInt();
				assertThat(session.get("partCount").asInt()).isEqualTo(2);
				for (int part = 1; part <= 2; part++) {
					byte[] slice = Arrays.copyOfRange(bytes, (part - 1) * partSize,
							Math.min(bytes.length, part * partSize));
					HttpResponse<String> stored = send(api("/api/v1/uploads/" + id + "/parts/" + part)
						.header("Content-Type", "application/octet-stream")
						.PUT(HttpRequest.BodyPublishers.ofByteArray(slice))
						.build());
					assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
				}

				proxy.withhold(true);
				HttpResponse<String> failed;
				try {
					failed = send(api("/api/v1/uploads/" + id + "/complete").POST(noBody()).build());
				}
				finally {
					proxy.withhold(false);
				}
				assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
				assertThat(proxy.withheldBytes()).as("storage-service answered; the gateway never heard it")
					.isPositive();
				// Joined: the whole object is in the bucket, no multipart upload is open;
				// the file is not available.
				assertThat(objectBytes(fileId)).isEqualTo(bytes);
				assertThat(s3.listMultipartUploads((r) -> r.bucket(StackSettings.BUCKET).prefix("files/" + fileId))
					.uploads()).isEmpty();
				assertThat(send(api("/api/v1/files/" + fileId).GET().build()).statusCode()).isEqualTo(404);
				// A client that looks before retrying sees every part stored.
				HttpResponse<String> listed = send(api("/api/v1/uploads/" + id).GET().build());
				assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
				assertThat(JSON.readTree(listed.body()).get("parts")).hasSize(2);

				HttpResponse<String> retried = send(api("/api/v1/uploads/" + id + "/complete").POST(noBody()).build());
				assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
				JsonNode file = JSON.readTree(retried.body());
				assertThat(file.get("status").asString()).isEqualTo("AVAILABLE");
				assertThat(file.get("sha256").asString()).isEqualTo(sha256);
				assertThat(file.get("size").asLong()).isEqualTo(bytes.length);
				assertThat(objectBytes(fileId)).isEqualTo(bytes);
				// Asked once more (as when this answer, too, was lost after
				// metadata-service
				// committed it): the same answer, and nothing happens again.
				HttpResponse<String> again = send(api("/api/v1/uploads/" + id + "/complete").POST(noBody()).build());
				assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
				assertThat(again.headers().firstValue("Location")).hasValue("/api/v1/files/" + fileId);
				assertThat(JSON.readTree(again.body()).get("sha256").asString()).isEqualTo(sha256);
				assertThat(uploadedEvents(fileId, Duration.ofSeconds(60), Duration.ofSeconds(5)))
					.as("FileUploaded events of the file")
					.isEqualTo(1);
				// Done: nothing else knows the session any more.
				assertThat(send(api("/api/v1/uploads/" + id).GET().build()).statusCode()).isEqualTo(404);
			}
			finally {
				stack.kill("gateway-service");
				stack.restart("gateway-service", Map.of("files.gateway.storage-url", "http://127.0.0.1:" + storagePort,
						"files.gateway.transfer-idle-timeout", "60s"));
			}
		}
	}

	private static byte[] objectBytes(String fileId) {
		return s3.getObjectAsBytes((r) -> r.bucket(StackSettings.BUCKET).key("files/" + fileId)).asByteArray();
	}

	/**
	 * How many FileUploaded events of the file are on Kafka: waits up to {@code first}
	 * for one, then {@code more} for any second one.
	 */
	private static int uploadedEvents(String fileId, Duration first, Duration more) {
		int count = 0;
		try (KafkaConsumer<String, String> events = TestClients.consumer(stack.kafkaBootstrapServers(), Topics.FILES)) {
			long deadline = System.nanoTime() + first.toNanos();
			boolean extended = false;
			while (System.nanoTime() < deadline) {
				for (var record : events.poll(Duration.ofMillis(500))) {
					var type = record.headers().lastHeader("ce_type");
					if (fileId.equals(record.key()) && type != null
							&& EventTypes.FILE_UPLOADED.equals(new String(type.value(), StandardCharsets.UTF_8))) {
						count++;
					}
				}
				if (count > 0 && !extended) {
					extended = true;
					deadline = System.nanoTime() + more.toNanos();
				}
			}
		}
		return count;
	}

	private static HttpResponse<String> upload(String name, byte[] bytes) throws Exception {
		return send(api("/api/v1/files?name=" + name).header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build());
	}

	private static HttpRequest.Builder api(String path) {
		return HttpRequest.newBuilder(stack.gatewayUrl().resolve(path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + alice);
	}

	private static HttpRequest.BodyPublisher noBody() {
		return HttpRequest.BodyPublishers.noBody();
	}

	private static HttpResponse<String> send(HttpRequest request) throws Exception {
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> anonymous(URI link) throws Exception {
		return send(HttpRequest.newBuilder(link).timeout(Duration.ofSeconds(30)).GET().build());
	}

	private static List<String> listedNames(String token) throws Exception {
		return listed(token, "name");
	}

	private static List<String> listedIds(String token) throws Exception {
		return listed(token, "id");
	}

	private static List<String> listed(String token, String field) throws Exception {
		HttpResponse<String> page = send(api("/api/v1/files?limit=100").GET().build());
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		List<String> values = new ArrayList<>();
		for (JsonNode item : JSON.readTree(page.body()).get("items")) {
			values.add(item.get(field).asString());
		}
		return values;
	}

	/** Objects in the bucket that no available file owns (keys are files/&lt;id&gt;). */
	private static List<String> orphanKeys() {
		try {
			List<String> available = listedIds(alice).stream().map((id) -> "files/" + id).toList();
			return s3.listObjectsV2((r) -> r.bucket(StackSettings.BUCKET))
				.contents()
				.stream()
				.map(S3Object::key)
				.filter((key) -> !available.contains(key))
				.toList();
		}
		catch (Exception ex) {
			return List.of("(cannot tell: " + ex + ")");
		}
	}

	/** How many uploads the gateway has reserved so far, from its log. */
	private static long reservations() {
		try {
			return Files.readString(stack.serviceLog("gateway-service"))
				.lines()
				.filter((line) -> line.contains("Reserved upload"))
				.count();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String statusLine(InputStream in) throws Exception {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != -1 && c != '\n') {
			line.append((char) c);
		}
		return line.toString().trim();
	}

	private static void signal(String signal, ProcessHandle process) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
		assertThat(kill.waitFor()).as("kill -" + signal).isZero();
	}

	private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Not within " + timeout.toSeconds() + " s: " + what);
			}
			Thread.sleep(250);
		}
	}

}
