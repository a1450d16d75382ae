package com.cloudstorage.files.storage.object.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.TestTokens;
import com.cloudstorage.files.storage.object.MultipartUploads;
import com.cloudstorage.files.storage.object.NoSuchObjectException;
import com.cloudstorage.files.storage.object.StoredObject;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The multipart uploads behind upload sessions, on S3Proxy (SigV4 checked) and
 * PostgreSQL: parts through this service and through presigned URLs a plain HTTP client
 * uses, listing for resumption, completion that checks every part and reads the object
 * back for its SHA-256, and the refusals that remove every byte.
 */
class MultipartUploadIntegrationTests extends IntegrationTestSupport {

	private static final int MIB = 1024 * 1024;

	/** The provider's smallest part (but the last). */
	private static final int PART = 5 * MIB;

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final String WRITE = TestTokens.service();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@Autowired
	private DatabaseClient db;

	@Autowired
	private MultipartUploads uploads;

	@Test
	void partsInAnyOrderCompleteIntoTheObjectOnceNoneIsMissing() throws Exception {
		byte[] bytes = ObjectApiIntegrationTests.randomBytes(2 * PART + 7);
		String key = ObjectApiIntegrationTests.newKey();
		start(key);
		start(key); // idempotent: the same upload
		assertThat(sessionsFor(key)).isEqualTo(1);

		putPart(key, 3, Arrays.copyOfRange(bytes, 2 * PART, bytes.length), 7).expectStatus().isOk();
		putPart(key, 1, Arrays.copyOfRange(bytes, 0, PART), PART).expectStatus().isOk();
		List<Map<String, Object>> listed = parts(key);
		assertThat(listed).extracting((part) -> part.get("partNumber")).containsExactly(1, 3);
		assertThat(listed).extracting((part) -> ((Number) part.get("size")).longValue())
			.containsExactly((long) PART, 7L);

		complete(key, bytes.length, PART, 3, null).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UploadIncomplete")
			.jsonPath("$.missingParts[0]")
			.isEqualTo(2);

		putPart(key, 2, Arrays.copyOfRange(bytes, PART, 2 * PART), PART).expectStatus().isOk();
		Map<String, Object> stored = complete(key, bytes.length, PART, 3, ObjectApiIntegrationTests.sha256(bytes))
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat(stored).containsEntry("key", key)
			.containsEntry("bucket", BUCKET)
			.containsEntry("sha256", ObjectApiIntegrationTests.sha256(bytes));
		assertThat(((Number) stored.get("size")).longValue()).isEqualTo(bytes.length);
		assertThat(s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(bytes);
		assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(key)).uploads()).isEmpty();
		assertThat(sessionsFor(key)).isZero();
	}

	@Test
	void presignedPartUrlsTakeExactlyTheirPartAndAWrongChecksumRemovesTheObject() throws Exception {
		byte[] bytes = ObjectApiIntegrationTests.randomBytes(PART + 1000);
		String key = ObjectApiIntegrationTests.newKey();
		start(key);
		Map<String, Object> answer = this.client.post()
			.uri("/internal/v1/multipart-uploads/local/part-urls?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("parts",
					List.of(Map.of("partNumber", 1, "size", PART), Map.of("partNumber", 2, "size", 1000))))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> urls = (List<Map<String, Object>>) answer.get("urls");
		assertThat(urls).hasSize(2);
		URI first = URI.create((String) urls.get(0).get("url"));
		URI second = URI.create((String) urls.get(1).get("url"));
		assertThat(first.getQuery()).contains("X-Amz-SignedHeaders=content-length;host");

		// The part's length is signed: another length is refused by the provider itself.
		assertThat(refused(second, new byte[1001])).isTrue();
		assertThat(parts(key)).isEmpty();
		assertThat(putBytes(first, Arrays.copyOfRange(bytes, 0, PART))).isEqualTo(200);
		assertThat(putBytes(second, Arrays.copyOfRange(bytes, PART, bytes.length))).isEqualTo(200);

		complete(key, bytes.length, PART, 2, ObjectApiIntegrationTests.sha256(new byte[3])).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ChecksumMismatch");
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> s3().headObject((r) -> r.bucket(BUCKET).key(key)));
		assertThat(sessionsFor(key)).isZero();
	}

	@Test
	void anEmptySessionCompletesIntoAnEmptyObjectAndAStrayPartAbortsIt() throws Exception {
		String empty = ObjectApiIntegrationTests.sha256(new byte[0]);
		String key = ObjectApiIntegrationTests.newKey();
		start(key);
		complete(key, 0, PART, 0, ObjectApiIntegrationTests.sha256(new byte[1])).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ChecksumMismatch");
		assertThat(sessionsFor(key)).isZero();

		start(key);
		Map<String, Object> stored = complete(key, 0, PART, 0, empty).expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat(stored).containsEntry("sha256", empty);
		assertThat(((Number) stored.get("size")).longValue()).isZero();
		assertThat(s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asByteArray()).isEmpty();
		assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(key)).uploads()).isEmpty();
		assertThat(sessionsFor(key)).isZero();
		// Asked again (an earlier answer was lost): the empty object is checked again.
		complete(key, 0, PART, 0, empty).expectStatus().isOk().expectBody().jsonPath("$.size").isEqualTo(0);

		String stray = ObjectApiIntegrationTests.newKey();
		start(stray);
		putPart(stray, 1, new byte[10], 10).expectStatus().isOk();
		complete(stray, 0, PART, 0, null).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SizeMismatch");
		assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(stray)).uploads()).isEmpty();
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> s3().headObject((r) -> r.bucket(BUCKET).key(stray)));
	}

	/**
	 * A completion asked again after an earlier one joined the parts and then failed (the
	 * read-back, metadata-service or the gateway timed out): no multipart upload is open
	 * any more, and the object it assembled is checked again instead of the answer being
	 * {@code 404}. The same when the provider joined the parts but this service never
	 * heard (here a plain S3 client completes the upload behind its back). Another object
	 * under a key without an open upload (a TUS tail staged there) is never taken for an
	 * assembled one.
	 */
	/**
	 * A direct session without an announced SHA-256: the completion checks the joined
	 * object's size with the provider (HEAD) and does not read it back; the workers'
	 * read-back ({@link MultipartUploads#readBack}) gives the SHA-256 afterwards. Asked
	 * again after the join, it checks the size again.
	 */
	@Test
	void aCompletionWithTheChecksumLeftForLaterChecksTheSizeAndTheReadBackGivesTheChecksum() throws Exception {
		byte[] bytes = ObjectApiIntegrationTests.randomBytes(PART + 29);
		String key = ObjectApiIntegrationTests.newKey();
		start(key);
		putPart(key, 1, Arrays.copyOfRange(bytes, 0, PART), PART).expectStatus().isOk();
		putPart(key, 2, Arrays.copyOfRange(bytes, PART, bytes.length), 29).expectStatus().isOk();
		// Only without an announced SHA-256.
		complete(key, bytes.length, PART, 2, ObjectApiIntegrationTests.sha256(bytes), true).expectStatus()
			.isBadRequest();

		Map<String, Object> first = complete(key, bytes.length, PART, 2, null, true).expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat(first).containsEntry("size", bytes.length).containsEntry("key", key).containsKey("etag");
		assertThat(first.get("sha256")).as("not read back").isNull();
		assertThat(sessionsFor(key)).isZero();
		assertThat(s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(bytes);
		Map<String, Object> again = complete(key, bytes.length, PART, 2, null, true).expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat(again).isEqualTo(first);

		StoredObject read = this.uploads.readBack("local", key, bytes.length).block(Duration.ofSeconds(30));
		assertThat(read).isNotNull();
		assertThat(read.size()).isEqualTo(bytes.length);
		assertThat(read.sha256()).isEqualTo(ObjectApiIntegrationTests.sha256(bytes));
		assertThatExceptionOfType(NoSuchObjectException.class)
			.isThrownBy(() -> this.uploads.readBack("local", ObjectApiIntegrationTests.newKey(), 1)
				.block(Duration.ofSeconds(30)));
	}

	@Test
	void aCompletionAskedAgainAfterTheJoinChecksTheAssembledObjectAgain() throws Exception {
		byte[] bytes = ObjectApiIntegrationTests.randomBytes(PART + 11);
		String sha256 = ObjectApiIntegrationTests.sha256(bytes);
		String key = ObjectApiIntegrationTests.newKey();
		start(key);
		putPart(key, 1, Arrays.copyOfRange(bytes, 0, PART), PART).expectStatus().isOk();
		putPart(key, 2, Arrays.copyOfRange(bytes, PART, bytes.length), 11).expectStatus().isOk();
		Map<String, Object> first = complete(key, bytes.length, PART, 2, sha256).expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat(sessionsFor(key)).isZero();
		Map<String, Object> again = complete(key, bytes.length, PART, 2, sha256).expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		assertThat(again).isEqualTo(first).containsEntry("sha256", sha256);
		assertThat(s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(bytes);
		// The retry checks the bytes like a first completion: other bytes than announced
		// are refused and removed.
		complete(key, bytes.length, PART, 2, ObjectApiIntegrationTests.sha256(new byte[1])).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ChecksumMismatch");
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> s3().headObject((r) -> r.bucket(BUCKET).key(key)));

		String unheard = ObjectApiIntegrationTests.newKey();
		start(unheard);
		putPart(unheard, 1, Arrays.copyOfRange(bytes, 0, PART), PART).expectStatus().isOk();
		putPart(unheard, 2, Arrays.copyOfRange(bytes, PART, bytes.length), 11).expectStatus().isOk();
		String uploadId = s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(unheard))
			.uploads()
			.get(0)
			.uploadId();
		List<CompletedPart> parts = s3().listParts((r) -> r.bucket(BUCKET).key(unheard).uploadId(uploadId))
			.parts()
			.stream()
			.map((part) -> CompletedPart.builder().partNumber(part.partNumber()).eTag(part.eTag()).build())
			.toList();
		s3().completeMultipartUpload(
				(r) -> r.bucket(BUCKET).key(unheard).uploadId(uploadId).multipartUpload((m) -> m.parts(parts)));
		assertThat(sessionsFor(unheard)).isEqualTo(1);
		complete(unheard, bytes.length, PART, 2, sha256).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sha256")
			.isEqualTo(sha256);
		assertThat(sessionsFor(unheard)).isZero();
		assertThat(s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(unheard)).asByteArray()).isEqualTo(bytes);

		String staged = ObjectApiIntegrationTests.newKey();
		s3().putObject((r) -> r.bucket(BUCKET).key(staged), RequestBody.fromBytes(bytes));
		complete(staged, bytes.length, PART, 2, sha256).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NoSuchUploadSession");
		assertThat(s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(staged)).asByteArray()).isEqualTo(bytes);
	}

	/**
	 * Completing reads the whole object back. On a provider that answers at 2 MB/s with 1
	 * s call timeouts, reading 15 MiB back takes about 8 s: the size-scaled budgets (1 s
	 * plus the size at 1MB/s) let it complete. Run against the code before those budgets
	 * this test passed as well (the read-back had no budget of its own then), so it does
	 * not reproduce the 1 GiB 503; it shows the new budget is not too tight.
	 */
	@Test
	void aLargeSessionOnASlowLinkCompletesWithinItsSizeScaledBudget() throws Exception {
		byte[] bytes = ObjectApiIntegrationTests.randomBytes(3 * PART + 123);
		String key = ObjectApiIntegrationTests.newKey();
		String provider = "/internal/v1/multipart-uploads/slow-link";
		this.client.post()
			.uri(provider + "?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.exchange()
			.expectStatus()
			.isCreated();
		for (int number = 1; number <= 4; number++) {
			byte[] part = Arrays.copyOfRange(bytes, (number - 1) * PART, Math.min(bytes.length, number * PART));
			this.client.put()
				.uri(provider + "/parts/{n}?key={key}&size={size}", number, key, part.length)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.bodyValue(part)
				.exchange()
				.expectStatus()
				.isOk();
		}
		long started = System.nanoTime();
		Map<String, Object> stored = this.client.mutate()
			.responseTimeout(Duration.ofSeconds(120))
			.build()
			.post()
			.uri(provider + "/complete?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("size", bytes.length, "partSize", PART, "partCount", 4, "sha256",
					ObjectApiIntegrationTests.sha256(bytes)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(stored).containsEntry("sha256", ObjectApiIntegrationTests.sha256(bytes));
		// The link really was slow: longer than the provider's call timeout.
		assertThat(took).isGreaterThan(Duration.ofMillis(1000 + 4 * 50));
		assertThat(s3().getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(bytes);
		assertThat(sessionsFor(key)).isZero();
	}

	@Test
	void partsOfTheWrongSizeAbortTheUpload() {
		String key = ObjectApiIntegrationTests.newKey();
		start(key);
		// Stored with one byte more than the session's part size allows.
		putPart(key, 1, ObjectApiIntegrationTests.randomBytes(PART + 1), PART + 1).expectStatus().isOk();
		putPart(key, 2, ObjectApiIntegrationTests.randomBytes(10), 10).expectStatus().isOk();

		complete(key, PART + 10, PART, 2, null).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SizeMismatch")
			.jsonPath("$.parts[0]")
			.isEqualTo(1);
		assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(key)).uploads()).isEmpty();
		assertThat(sessionsFor(key)).isZero();
	}

	@Test
	void badPartsAreRefusedAndAbortIsIdempotent() {
		String key = ObjectApiIntegrationTests.newKey();
		putPart(key, 1, new byte[10], 10).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NoSuchUploadSession");
		start(key);
		putPart(key, 0, new byte[10], 10).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PartNumberOutOfRange");
		putPart(key, 10_001, new byte[10], 10).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PartNumberOutOfRange");
		putPart(key, 1, new byte[11], 10).expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PartTooLarge");
		complete(key, 10, 20, 2, null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("InvalidRequest");
		assertThat(parts(key)).isEmpty();

		abort(key);
		abort(key);
		assertThat(sessionsFor(key)).isZero();
		assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(key)).uploads()).isEmpty();
		this.client.get()
			.uri("/internal/v1/multipart-uploads/local/parts?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.post()
			.uri("/internal/v1/multipart-uploads/local?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.operator("files:read"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private void start(String key) {
		this.client.post()
			.uri("/internal/v1/multipart-uploads/local?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.exchange()
			.expectStatus()
			.isCreated();
	}

	private void abort(String key) {
		this.client.delete()
			.uri("/internal/v1/multipart-uploads/local?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	private WebTestClient.ResponseSpec putPart(String key, int number, byte[] bytes, long size) {
		return this.client.put()
			.uri("/internal/v1/multipart-uploads/local/parts/{n}?key={key}&size={size}", number, key, size)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes)
			.exchange();
	}

	private List<Map<String, Object>> parts(String key) {
		return this.client.get()
			.uri("/internal/v1/multipart-uploads/local/parts?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec complete(String key, long size, long partSize, int partCount, String sha256) {
		return complete(key, size, partSize, partCount, sha256, false);
	}

	private WebTestClient.ResponseSpec complete(String key, long size, long partSize, int partCount, String sha256,
			boolean checksumLater) {
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("size", size);
		body.put("partSize", partSize);
		body.put("partCount", partCount);
		body.put("sha256", sha256);
		if (checksumLater) {
			body.put("checksumLater", true);
		}
		return this.client.post()
			.uri("/internal/v1/multipart-uploads/local/complete?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private long sessionsFor(String key) {
		return this.db.sql("SELECT count(*) AS n FROM upload_session WHERE object_key = :key")
			.bind("key", key)
			.map((row) -> row.get("n", Long.class))
			.one()
			.blockOptional()
			.orElse(0L);
	}

	private static int putBytes(URI url, byte[] bytes) throws Exception {
		return HTTP
			.send(HttpRequest.newBuilder(url)
				.timeout(Duration.ofSeconds(60))
				.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/** A 403, or the connection closed on the body once the provider answered. */
	private static boolean refused(URI url, byte[] bytes) throws Exception {
		try {
			return putBytes(url, bytes) == 403;
		}
		catch (java.io.IOException ex) {
			return true;
		}
	}

}
