package com.cloudstorage.files.storage.object.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.storage.FileEventsTopic;
import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.TestGrants;
import com.cloudstorage.files.storage.TestTokens;
import com.cloudstorage.files.storage.security.StorageGrants;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * storage-service writes and presigns only keys metadata-service reserved, and reads or
 * presigns downloads only of keys it located: a caller with the service identity but no
 * storage grant for the key and the operation (none, another key's, an expired one, one
 * for fewer bytes, a read grant for a write or the other way round) gets
 * {@code 403 Forbidden} and nothing reaches S3Proxy.
 */
class StorageGrantIntegrationTests extends IntegrationTestSupport {

	private static final String SERVICE = TestTokens.service();

	private static final String OBJECTS = "/internal/v1/objects/local?key={key}&maxBytes={max}";

	private static final String UPLOADS = "/internal/v1/multipart-uploads/local";

	@Autowired
	private DatabaseClient db;

	@Test
	void anObjectIsWrittenOnlyWithAGrantForItsKeyAndSize() {
		String key = ObjectApiIntegrationTests.newKey();
		byte[] body = "reserved bytes".getBytes();

		refused(put(key, body.length, null));
		refused(put(key, body.length, TestGrants.grant("local", key + "-other", body.length)));
		refused(put(key, body.length, TestGrants.grant("flaky", key, body.length)));
		refused(put(key, body.length, TestGrants.grant("local", key, body.length - 1)));
		refused(put(key, body.length, TestGrants.grant(TestGrants.KEY_ID, TestGrants.KEY, "local", key, body.length,
				Instant.now().minusSeconds(1))));
		refused(put(key, body.length, TestGrants.grant("unknown-key", TestGrants.KEY, "local", key, body.length,
				Instant.now().plusSeconds(60))));
		assertThatThrownBy(() -> s3().headObject((head) -> head.bucket(BUCKET).key(key)))
			.isInstanceOf(NoSuchKeyException.class);

		// The same call with metadata-service's grant for this key writes it.
		put(key, body.length, TestGrants.grant("local", key, body.length)).expectStatus().isOk();
		assertThat(s3().getObjectAsBytes((get) -> get.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(body);
	}

	@Test
	void noMultipartUploadStartsPartsGoOrUrlsAreSignedForAnUnreservedKey() {
		String key = ObjectApiIntegrationTests.newKey();
		expectProblem(this.webTestClient.post()
			.uri(UPLOADS + "?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE)
			.exchange(), 403, "Forbidden");
		assertThat(openUploads(key)).isZero();
		assertThat(sessionsFor(key)).isZero();

		// With the upload open (reserved and started), the later calls still need it.
		this.webTestClient.post()
			.uri(UPLOADS + "?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE)
			.header(TestGrants.HEADER, TestGrants.grant("local", key, 5))
			.exchange()
			.expectStatus()
			.isCreated();
		String otherKeysGrant = TestGrants.grant("local", key + "-other", Long.MAX_VALUE);
		for (String grant : new String[] { null, otherKeysGrant }) {
			expectProblem(withGrant(this.webTestClient.put().uri(UPLOADS + "/parts/1?key={key}&size=5", key), grant)
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.bodyValue("hello".getBytes())
				.exchange(), 403, "Forbidden");
			expectProblem(withGrant(this.webTestClient.post().uri(UPLOADS + "/part-urls?key={key}", key), grant)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("parts", List.of(Map.of("partNumber", 1, "size", 5))))
				.exchange(), 403, "Forbidden");
			expectProblem(withGrant(this.webTestClient.post().uri(UPLOADS + "/complete?key={key}", key), grant)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("size", 5, "partSize", 5, "partCount", 1))
				.exchange(), 403, "Forbidden");
			expectProblem(withGrant(this.webTestClient.delete().uri(UPLOADS + "?key={key}", key), grant).exchange(),
					403, "Forbidden");
		}
		// A grant for fewer bytes than the part, or than the object to complete.
		String small = TestGrants.grant("local", key, 4);
		expectProblem(this.webTestClient.put()
			.uri(UPLOADS + "/parts/1?key={key}&size=5", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE)
			.header(TestGrants.HEADER, small)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue("hello".getBytes())
			.exchange(), 403, "Forbidden");
		expectProblem(this.webTestClient.post()
			.uri(UPLOADS + "/complete?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE)
			.header(TestGrants.HEADER, small)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("size", 5, "partSize", 5, "partCount", 1))
			.exchange(), 403, "Forbidden");

		// Listing the upload's parts is the upload's business too: no grant, another
		// key's or a read grant learn nothing of it.
		for (String grant : new String[] { null, otherKeysGrant, TestGrants.readGrant("local", key) }) {
			expectProblem(withGrant(this.webTestClient.get().uri(UPLOADS + "/parts?key={key}", key), grant).exchange(),
					403, "Forbidden");
		}

		// Nothing was written: no part, no object, and the upload is still open.
		this.webTestClient.get()
			.uri(UPLOADS + "/parts?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE)
			.header(TestGrants.HEADER, TestGrants.grant("local", key, 5))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("[]");
		assertThat(openUploads(key)).isOne();
		assertThatThrownBy(() -> s3().headObject((head) -> head.bucket(BUCKET).key(key)))
			.isInstanceOf(NoSuchKeyException.class);
		this.client.delete()
			.uri(UPLOADS + "?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE)
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	/**
	 * Reads too: the gateway's identity alone streams or presigns no key; only
	 * metadata-service's read grant for exactly this key does, and a write grant (or a
	 * read grant used to write) is refused.
	 */
	@Test
	void anObjectIsReadOrPresignedOnlyWithAReadGrantForItsKey() throws Exception {
		String key = ObjectApiIntegrationTests.newKey();
		byte[] body = "located bytes".getBytes();
		s3().putObject((put) -> put.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
		String[] refusedGrants = { null, TestGrants.readGrant("local", key + "-other"),
				TestGrants.readGrant("flaky", key), TestGrants.grant("local", key, Long.MAX_VALUE),
				TestGrants.readGrant(TestGrants.KEY_ID, TestGrants.KEY, "local", key, Instant.now().minusSeconds(1)),
				TestGrants.readGrant("unknown-key", TestGrants.KEY, "local", key, Instant.now().plusSeconds(60)) };

		for (String grant : refusedGrants) {
			refused(withGrant(this.webTestClient.get().uri("/internal/v1/objects/local?key={key}", key), grant)
				.exchange());
			refused(presign(key, grant));
		}

		// With metadata-service's read grant for this key: the bytes, and a URL to them.
		String readGrant = TestGrants.readGrant("local", key);
		assertThat(withGrant(this.webTestClient.get().uri("/internal/v1/objects/local?key={key}", key), readGrant)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody()).isEqualTo(body);
		String url = presign(key, readGrant).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("url")
			.toString();
		HttpResponse<byte[]> fetched = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(fetched.body()).isEqualTo(body);

		// The read grant writes nothing: the object keeps its bytes.
		refused(put(key, body.length, readGrant));
		assertThat(s3().getObjectAsBytes((get) -> get.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(body);
	}

	/**
	 * An upload's write grant does not outlive the upload: once storage's catalogue view
	 * heard from files.v1 that the key's file is available, the same unexpired grant
	 * neither overwrites the object nor starts a multipart upload of the key.
	 */
	@Test
	void aWriteGrantNoLongerWritesOnceTheKeysFileIsAvailable() {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		String grant = TestGrants.grant("local", key, 100);
		byte[] original = "reserved bytes".getBytes();
		put(key, original.length, grant).expectStatus().isOk();

		FileEventsTopic.send(fileId, EventTypes.FILE_UPLOADED, FileEventsTopic.fileUploaded(fileId, "local", key));
		await().atMost(Duration.ofSeconds(30)).until(() -> catalogued(key));

		refused(withGrant(this.webTestClient.put().uri(OBJECTS, key, 100), grant)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue("overwritten!".getBytes())
			.exchange());
		refused(withGrant(this.webTestClient.post().uri(UPLOADS + "?key={key}", key), grant).exchange());
		assertThat(s3().getObjectAsBytes((get) -> get.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(original);
		assertThat(openUploads(key)).isZero();
		assertThat(sessionsFor(key)).isZero();
		// Reading it is still what a read grant is for.
		assertThat(withGrant(this.webTestClient.get().uri("/internal/v1/objects/local?key={key}", key),
				TestGrants.readGrant("local", key))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody()).isEqualTo(original);
	}

	/**
	 * A refusal's log line carries the trace of the request it refuses (#12), though the
	 * grant check runs outside it: the line is written where the refusal is mapped to its
	 * 403, under the request's trace. Neither the grant nor the key is in it.
	 */
	@Test
	void theRefusalsLogLineCarriesTheRequestsTraceId() {
		String key = ObjectApiIntegrationTests.newKey();
		String traceId = randomHex(16);
		String spanId = randomHex(8);
		List<String> lines = new CopyOnWriteArrayList<>();
		// traceId from the MDC as the log pattern reads it, when the line is written.
		AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				lines.add("[" + event.getMDCPropertyMap().getOrDefault("traceId", "") + "] "
						+ event.getFormattedMessage());
			}
		};
		Logger grants = (Logger) LoggerFactory.getLogger(StorageGrants.class);
		capture.start();
		grants.addAppender(capture);
		try {
			refused(withGrant(this.webTestClient.put().uri(OBJECTS, key, 14), null)
				.header("traceparent", "00-" + traceId + "-" + spanId + "-01")
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.bodyValue("reserved bytes".getBytes())
				.exchange());
		}
		finally {
			grants.detachAppender(capture);
			capture.stop();
		}
		assertThat(lines)
			.containsExactly("[" + traceId + "] Refused a write to provider local: no valid storage grant.");
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		// Never all zeros (an invalid id).
		random[0] |= 1;
		return HexFormat.of().formatHex(random);
	}

	private boolean catalogued(String key) {
		return this.db.sql("SELECT count(*) AS n FROM catalogue_entry WHERE object_key = :key")
			.bind("key", key)
			.map((row) -> row.get("n", Long.class))
			.one()
			.blockOptional()
			.orElse(0L) > 0;
	}

	private WebTestClient.ResponseSpec presign(String key, String grant) {
		return withGrant(this.webTestClient.post().uri("/internal/v1/presigned-downloads"), grant)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("provider", "local", "key", key, "filename", "located.txt"))
			.exchange();
	}

	private static void refused(WebTestClient.ResponseSpec response) {
		expectProblem(response, 403, "Forbidden");
	}

	private WebTestClient.ResponseSpec put(String key, long maxBytes, String grant) {
		return withGrant(this.webTestClient.put().uri(OBJECTS, key, maxBytes), grant)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue("reserved bytes".getBytes())
			.exchange();
	}

	private static <S extends WebTestClient.RequestHeadersSpec<?>> S withGrant(S request, String grant) {
		request.header(HttpHeaders.AUTHORIZATION, "Bearer " + SERVICE);
		if (grant != null) {
			request.header(TestGrants.HEADER, grant);
		}
		return request;
	}

	private static long openUploads(String key) {
		return s3().listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(BUCKET).prefix(key).build())
			.uploads()
			.stream()
			.filter((upload) -> upload.key().equals(key))
			.count();
	}

	private long sessionsFor(String key) {
		return this.db.sql("SELECT count(*) AS n FROM upload_session WHERE object_key = :key")
			.bind("key", key)
			.map((row) -> row.get("n", Long.class))
			.one()
			.blockOptional()
			.orElse(0L);
	}

}
