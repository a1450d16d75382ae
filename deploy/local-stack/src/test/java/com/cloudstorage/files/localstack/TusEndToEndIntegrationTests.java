package com.cloudstorage.files.localstack;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventSchemas;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.testsupport.TestClients;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TUS 1.0 at {@code /api/v1/tus/} on the whole stack as {@code ./run-local} starts it,
 * with the real {@code tus-java-client} configured with nothing but a bearer token: an
 * upload whose connection is cut mid-way resumes from the offset the gateway stored, the
 * bytes in the bucket (read with a plain S3 client) are the file's and
 * {@code FileUploaded} goes out on Kafka; and the refusals, each a problem with a stable
 * code.
 */
class TusEndToEndIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MIB = 1024 * 1024;

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
	void anUploadCutMidWayResumesFromTheStoredOffsetAndTheFileBecomesAvailable() throws Exception {
		// 20 MiB and a bit: three parts of 8 MiB, the client's default 10 MiB requests.
		byte[] bytes = randomBytes(20 * MIB + 12345, 21);
		int cutAfter = 13 * MIB + 4321;
		RecordingTusClient client = new RecordingTusClient();
		client.setUploadCreationURL(stack.gatewayUrl().resolve("/api/v1/tus/").toURL());
		client.setHeaders(Map.of("Authorization", "Bearer " + alice));
		client.enableResuming(new TusURLMemoryStore());
		TusUpload upload = new TusUpload();
		upload.setSize(bytes.length);
		upload.setFingerprint("tus-e2e-" + UUID.randomUUID());
		upload.setMetadata(Map.of("filename", "resumed report.bin", "filetype", "application/x-report", "folder",
				"tus-e2e", "private", "true"));
		upload.setInputStream(new CutStream(bytes, cutAfter));

		TusUploader first = client.createUpload(upload);
		URI uploadUrl = first.getUploadURL().toURI();
		HttpResponse<String> created = send(head(uploadUrl, alice));
		assertThat(created.statusCode()).isEqualTo(200);
		assertThat(created.headers().firstValue("Upload-Offset")).hasValue("0");
		assertThat(created.headers().firstValue("Upload-Length")).hasValue(Long.toString(bytes.length));
		assertThat(created.headers().firstValue("Upload-Expires"))
			.hasValueSatisfying((v) -> assertThat(v).endsWith("GMT"));
		String fileId = created.headers().firstValue("File-Location").orElseThrow().replace("/api/v1/files/", "");

		assertThatThrownBy(() -> {
			while (first.uploadChunk() > -1) {
				// keep sending until the stream breaks
			}
		}).isInstanceOf(IOException.class).hasMessageContaining("cut");
		// The first request (10 MiB) was answered: everything in it is stored.
		assertThat(first.getOffset()).isGreaterThanOrEqualTo(10 * MIB);
		// The network goes away in the middle of the second request.
		client.lastConnection.disconnect();
		// Not yet complete: the file is invisible.
		assertProblem(send(get("/api/v1/files/" + fileId, alice)), 404, "NoSuchFile");
		long stored = settledOffset(uploadUrl);
		// At least what the answered request carried; never more than the client sent.
		assertThat(stored).isBetween(10L * MIB, (long) cutAfter);

		upload.setInputStream(new ByteArrayInputStream(bytes));
		TusUploader resumed = client.resumeUpload(upload);
		assertThat(resumed.getOffset()).as("resumed from the stored offset, not from zero").isEqualTo(stored);
		while (resumed.uploadChunk() > -1) {
			// the rest
		}
		resumed.finish();
		assertThat(resumed.getOffset()).isEqualTo(bytes.length);

		JsonNode file = JSON.readTree(send(get("/api/v1/files/" + fileId, alice)).body());
		assertThat(file.get("status").asString()).isEqualTo("AVAILABLE");
		assertThat(file.get("name").asString()).isEqualTo("resumed report.bin");
		assertThat(file.get("contentType").asString()).isEqualTo("application/x-report");
		assertThat(file.get("folder").asString()).isEqualTo("tus-e2e");
		assertThat(file.get("size").asLong()).isEqualTo(bytes.length);
		assertThat(file.get("sha256").asString()).isEqualTo(sha256(bytes));
		assertThat(sha256(objectBytes(fileId))).as("the bytes in the bucket").isEqualTo(sha256(bytes));
		assertThat(openUploads(fileId)).isEmpty();
		assertFileUploaded(fileId, bytes);
		// A finished upload is whole (a client whose last answer was lost asks HEAD and
		// finishes instead of starting again), and nothing happens again.
		HttpResponse<String> finished = send(head(uploadUrl, alice));
		assertThat(finished.statusCode()).isEqualTo(200);
		assertThat(offsetOf(finished)).isEqualTo(bytes.length);
		assertThat(finished.headers().firstValue("Upload-Length")).hasValue(Long.toString(bytes.length));
	}

	@Test
	void creationWithUploadStoresASmallFileInOneRequest() throws Exception {
		byte[] bytes = randomBytes(MIB + 77, 22);
		HttpResponse<String> created = send(tus("/api/v1/tus/", alice).header("Upload-Length", "" + bytes.length)
			.header("Upload-Metadata", "filename " + b64("one go.bin"))
			.header("Content-Type", "application/offset+octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build());

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Upload-Offset")).hasValue(Long.toString(bytes.length));
		assertThat(created.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
		String fileId = created.headers().firstValue("File-Location").orElseThrow().replace("/api/v1/files/", "");
		JsonNode file = JSON.readTree(send(get("/api/v1/files/" + fileId, alice)).body());
		assertThat(file.get("status").asString()).isEqualTo("AVAILABLE");
		assertThat(file.get("name").asString()).isEqualTo("one go.bin");
		assertThat(sha256(objectBytes(fileId))).isEqualTo(sha256(bytes));
		assertFileUploaded(fileId, bytes);
	}

	@Test
	void patchesOfAnySizeAddUpAndAWrongOffsetIsAConflict() throws Exception {
		byte[] bytes = randomBytes(9 * MIB + 3, 23);
		URI upload = create(alice, bytes.length);
		String fileId = fileIdOf(upload);

		HttpResponse<String> small = send(patch(upload, alice, 0, slice(bytes, 0, 1000)));
		assertThat(small.statusCode()).as(small.body()).isEqualTo(204);
		assertThat(small.headers().firstValue("Upload-Offset")).hasValue("1000");
		assertThat(small.headers().firstValue("Upload-Expires")).isPresent();
		// The same offset again: the client did not ask where the upload is.
		assertProblem(send(patch(upload, alice, 0, slice(bytes, 0, 1000))), 409, "UploadOffsetMismatch");
		assertProblem(send(patch(upload, alice, 2000, slice(bytes, 2000, 3000))), 409, "UploadOffsetMismatch");
		assertThat(offsetOf(send(head(upload, alice)))).isEqualTo(1000);
		// Across the 8 MiB part boundary, then the rest.
		HttpResponse<String> across = send(patch(upload, alice, 1000, slice(bytes, 1000, 8 * MIB + 5)));
		assertThat(across.headers().firstValue("Upload-Offset")).hasValue(Long.toString(8 * MIB + 5));
		HttpResponse<String> rest = send(patch(upload, alice, 8 * MIB + 5, slice(bytes, 8 * MIB + 5, bytes.length)));
		assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
		assertThat(rest.headers().firstValue("Upload-Offset")).hasValue(Long.toString(bytes.length));

		assertThat(sha256(objectBytes(fileId))).isEqualTo(sha256(bytes));
		assertFileUploaded(fileId, bytes);
	}

	@Test
	void anEmptyUploadIsAnAvailableEmptyFileOnceCreated() throws Exception {
		HttpResponse<String> created = send(tus("/api/v1/tus/", alice).header("Upload-Length", "0")
			.header("Upload-Metadata", "filename " + b64("empty.txt") + ",filetype " + b64("text/plain"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Upload-Offset")).hasValue("0");
		String fileId = created.headers().firstValue("File-Location").orElseThrow().replace("/api/v1/files/", "");
		JsonNode file = JSON.readTree(send(get("/api/v1/files/" + fileId, alice)).body());
		assertThat(file.get("status").asString()).isEqualTo("AVAILABLE");
		assertThat(file.get("name").asString()).isEqualTo("empty.txt");
		assertThat(file.get("size").asLong()).isZero();
		assertThat(objectBytes(fileId)).isEmpty();
		assertThat(openUploads(fileId)).isEmpty();
		assertFileUploaded(fileId, new byte[0]);
		// Nothing left to send: the upload is whole.
		URI upload = stack.gatewayUrl().resolve(created.headers().firstValue("Location").orElseThrow());
		HttpResponse<String> finished = send(head(upload, alice));
		assertThat(finished.statusCode()).isEqualTo(200);
		assertThat(finished.headers().firstValue("Upload-Offset")).hasValue("0");
		assertThat(finished.headers().firstValue("Upload-Length")).hasValue("0");
	}

	/**
	 * Two PATCHes at the same offset, the first still streaming: without one writer at a
	 * time both would pass the offset check and write the same part with other bytes.
	 */
	@Test
	void aPatchWhileAnotherIsWritingIsAConflictAndTheBytesStayWhole() throws Exception {
		byte[] bytes = randomBytes(8 * MIB + 300_000, 25);
		URI upload = create(alice, bytes.length);
		String fileId = fileIdOf(upload);
		// Well past part 1: Java's client reads a chunk ahead before it sends the last
		// one.
		GatedStream body = new GatedStream(bytes, 8 * MIB + 150_000);
		CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(tus(upload, alice).header("Upload-Offset", "0")
			.header("Content-Type", "application/offset+octet-stream")
			.method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> body))
			.build(), HttpResponse.BodyHandlers.ofString());
		// Part 1 is stored while the first PATCH still streams (and holds the upload).
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		long offset;
		while ((offset = offsetOf(send(head(upload, alice)))) < 8 * MIB) {
			long seen = offset;
			assertThat(System.nanoTime())
				.as(() -> "part 1 stored within 60 s (offset " + seen + ", " + body.served() + " bytes handed to the"
						+ " client)\n" + stack.serviceLogTail("gateway-service") + "\n"
						+ stack.serviceLogTail("storage-service"))
				.isLessThan(deadline);
			assertThat(first).as(() -> String.valueOf(first.getNow(null))).isNotDone();
			Thread.sleep(200);
		}

		byte[] other = randomBytes(bytes.length - 8 * MIB, 26);
		assertProblem(send(patch(upload, alice, 8 * MIB, other)), 409, "UploadOffsetMismatch");
		assertThat(first).isNotDone();

		body.open();
		HttpResponse<String> finished = first.get(90, TimeUnit.SECONDS);
		assertThat(finished.statusCode()).as(finished.body()).isEqualTo(204);
		assertThat(finished.headers().firstValue("Upload-Offset")).hasValue(Long.toString(bytes.length));
		assertThat(sha256(objectBytes(fileId))).as("only the first PATCH's bytes").isEqualTo(sha256(bytes));
		assertFileUploaded(fileId, bytes);
	}

	@Test
	void deferredLengthsAndChecksumsAreNotOfferedAndRefused() throws Exception {
		HttpResponse<String> options = send(request(stack.gatewayUrl().resolve("/api/v1/tus/"), alice)
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(options.headers().firstValue("Tus-Extension"))
			.hasValue("creation,creation-with-upload,termination,expiration");
		assertProblem(send(tus("/api/v1/tus/", alice).header("Upload-Defer-Length", "1")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build()), 400, "InvalidRequest");
		URI upload = create(alice, 10);
		assertProblem(send(tus(upload, alice).header("Upload-Offset", "0")
			.header("Upload-Checksum", "sha1 " + Base64.getEncoder().encodeToString(new byte[20]))
			.header("Content-Type", "application/offset+octet-stream")
			.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[10]))
			.build()), 400, "InvalidRequest");
		assertThat(offsetOf(send(head(upload, alice)))).as("nothing kept").isZero();
	}

	@Test
	void badInputIsRefusedWithStableCodesAndChangesNothing() throws Exception {
		HttpResponse<String> options = send(request(stack.gatewayUrl().resolve("/api/v1/tus/"), alice)
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(options.statusCode()).isEqualTo(204);
		assertThat(options.headers().firstValue("Tus-Version")).hasValue("1.0.0");
		assertThat(options.headers().firstValue("Tus-Extension").orElse("")).contains("creation", "termination",
				"expiration");
		assertThat(options.headers().firstValue("Tus-Max-Size")).isPresent();

		byte[] bytes = randomBytes(1000, 24);
		URI upload = create(alice, bytes.length);

		HttpResponse<String> noVersion = send(request(upload, alice).header("Upload-Offset", "0")
			.header("Content-Type", "application/offset+octet-stream")
			.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build());
		assertProblem(noVersion, 412, "UnsupportedTusVersion");
		assertThat(noVersion.headers().firstValue("Tus-Version")).hasValue("1.0.0");
		assertProblem(send(tus(upload, alice).header("Upload-Offset", "0")
			.header("Content-Type", "application/octet-stream")
			.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build()), 415, "UnsupportedMediaType");
		assertProblem(send(tus(upload, alice).header("Content-Type", "application/offset+octet-stream")
			.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build()), 400, "InvalidRequest");
		// Longer than announced.
		assertProblem(send(patch(upload, alice, 0, new byte[1001])), 413, "EntityTooLarge");
		// Another user's upload does not exist for them.
		assertThat(send(head(upload, bob)).statusCode()).isEqualTo(404);
		assertProblem(send(patch(upload, bob, 0, bytes)), 404, "NoSuchUploadSession");
		assertProblem(send(tus(upload, bob).DELETE().build()), 404, "NoSuchUploadSession");
		assertProblem(send(patch(stack.gatewayUrl().resolve("/api/v1/tus/" + UUID.randomUUID()), alice, 0, bytes)), 404,
				"NoSuchUploadSession");
		assertProblem(send(patch(stack.gatewayUrl().resolve("/api/v1/tus/not-an-id"), alice, 0, bytes)), 400,
				"InvalidRequest");
		// Creation needs a length within the limit and readable metadata.
		assertProblem(send(tus("/api/v1/tus/", alice).POST(HttpRequest.BodyPublishers.noBody()).build()), 400,
				"InvalidRequest");
		assertProblem(send(tus("/api/v1/tus/", alice).header("Upload-Length", "6442450944")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build()), 413, "EntityTooLarge");
		assertProblem(send(tus("/api/v1/tus/", alice).header("Upload-Length", "10")
			.header("Upload-Metadata", "filename %%%")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build()), 400, "InvalidRequest");
		assertProblem(send(tus("/api/v1/tus/", alice).header("Upload-Length", "10")
			.header("Upload-Metadata", "filename " + b64("../etc/passwd"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build()), 400, "InvalidFileName");
		// Nothing changed: the upload is still at 0 for alice.
		assertThat(offsetOf(send(head(upload, alice)))).isZero();

		// Termination: gone for good.
		HttpResponse<String> terminated = send(tus(upload, alice).DELETE().build());
		assertThat(terminated.statusCode()).isEqualTo(204);
		assertThat(send(head(upload, alice)).statusCode()).isEqualTo(404);
		assertProblem(send(patch(upload, alice, 0, bytes)), 404, "NoSuchUploadSession");
		String fileId = fileIdOf(upload);
		awaitEvent((r) -> r.key().equals(fileId) && EventTypes.FILE_UPLOAD_EXPIRED.equals(type(r)));
	}

	// --- helpers

	/**
	 * The offset once the gateway has dealt with the cut connection: HEAD after longer
	 * than the gateway's client idle timeout (30 s), so no late write of the cut request
	 * races the resumed one.
	 */
	static long settledOffset(URI upload) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(35).toNanos();
		long offset = offsetOf(send(head(upload, alice)));
		while (System.nanoTime() < deadline) {
			Thread.sleep(1000);
			offset = offsetOf(send(head(upload, alice)));
		}
		return offset;
	}

	static URI create(String token, long length) throws Exception {
		HttpResponse<String> created = send(tus("/api/v1/tus/", token).header("Upload-Length", Long.toString(length))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		URI upload = stack.gatewayUrl().resolve(created.headers().firstValue("Location").orElseThrow());
		FILES.put(upload, created.headers().firstValue("File-Location").orElseThrow().replace("/api/v1/files/", ""));
		return upload;
	}

	private static final Map<URI, String> FILES = new java.util.concurrent.ConcurrentHashMap<>();

	static String fileIdOf(URI upload) {
		return FILES.get(upload);
	}

	static long offsetOf(HttpResponse<String> head) {
		assertThat(head.statusCode()).isEqualTo(200);
		return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
	}

	static HttpRequest patch(URI upload, String token, long offset, byte[] bytes) {
		return tus(upload, token).header("Upload-Offset", Long.toString(offset))
			.header("Content-Type", "application/offset+octet-stream")
			.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build();
	}

	static HttpRequest head(URI upload, String token) {
		return tus(upload, token).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
	}

	static HttpRequest get(String path, String token) {
		return request(stack.gatewayUrl().resolve(path), token).GET().build();
	}

	static HttpRequest.Builder tus(String path, String token) {
		return tus(stack.gatewayUrl().resolve(path), token);
	}

	static HttpRequest.Builder tus(URI uri, String token) {
		return request(uri, token).header("Tus-Resumable", "1.0.0");
	}

	static HttpRequest.Builder request(URI uri, String token) {
		return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90)).header("Authorization", "Bearer " + token);
	}

	static void assertFileUploaded(String fileId, byte[] bytes) throws Exception {
		ConsumerRecord<String, String> uploaded = awaitEvent(
				(r) -> r.key().equals(fileId) && EventTypes.FILE_UPLOADED.equals(type(r)));
		assertThat(header(uploaded, CloudEventHeaders.SOURCE)).isEqualTo("/metadata-service");
		EventSchemas.assertValid(EventTypes.FILE_UPLOADED, uploaded.value());
		JsonNode payload = JSON.readTree(uploaded.value());
		assertThat(payload.get("sha256").asString()).isEqualTo(sha256(bytes));
		assertThat(payload.get("size").asLong()).isEqualTo(bytes.length);
		assertThat(payload.get("key").asString()).isEqualTo("files/" + fileId);
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

	static void assertProblem(HttpResponse<String> response, int status, String code) throws IOException {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
		assertThat(JSON.readTree(response.body()).path("code").asString("")).isEqualTo(code);
	}

	static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static byte[] randomBytes(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static byte[] slice(byte[] bytes, int from, int to) {
		return java.util.Arrays.copyOfRange(bytes, from, to);
	}

	static String b64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	/** The bytes, the first {@code gate} of them at once and the rest once opened. */
	static final class GatedStream extends InputStream {

		private final byte[] bytes;

		private int position;

		private int limit;

		GatedStream(byte[] bytes, int gate) {
			this.bytes = bytes;
			this.limit = gate;
		}

		synchronized void open() {
			this.limit = this.bytes.length;
			notifyAll();
		}

		synchronized int served() {
			return this.position;
		}

		@Override
		public synchronized int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.position == this.bytes.length) {
				return -1;
			}
			try {
				while (this.position == this.limit) {
					wait();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted", ex);
			}
			int count = Math.min(length, this.limit - this.position);
			System.arraycopy(this.bytes, this.position, buffer, offset, count);
			this.position += count;
			return count;
		}

	}

	/** A TUS client that remembers its last connection, so a test can cut it. */
	static final class RecordingTusClient extends TusClient {

		volatile HttpURLConnection lastConnection;

		@Override
		public void prepareConnection(HttpURLConnection connection) {
			super.prepareConnection(connection);
			this.lastConnection = connection;
		}

	}

	/** The file's bytes, until reading breaks after {@code cutAfter} of them. */
	static final class CutStream extends InputStream {

		private final byte[] bytes;

		private final int cutAfter;

		private int position;

		CutStream(byte[] bytes, int cutAfter) {
			this.bytes = bytes;
			this.cutAfter = cutAfter;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			if (this.position >= this.cutAfter) {
				throw new IOException("The stream was cut after " + this.cutAfter + " bytes");
			}
			int count = Math.min(length, Math.min(this.cutAfter, this.bytes.length) - this.position);
			System.arraycopy(this.bytes, this.position, target, offset, count);
			this.position += count;
			return count;
		}

	}

}
