package com.cloudstorage.files.storage.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.storage.FileEventsTopic;
import com.cloudstorage.files.storage.FlakyS3Server;
import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.TestGrants;
import com.cloudstorage.files.storage.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;

import static com.cloudstorage.files.storage.FileEventsTopic.fileDeleted;
import static com.cloudstorage.files.storage.FileEventsTopic.fileUploadExpired;
import static com.cloudstorage.files.storage.FileEventsTopic.fileUploaded;
import static com.cloudstorage.files.storage.FileEventsTopic.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The invariant of issue #9, on real servers: the S3 server (a real S3Proxy, profile
 * {@code flaky}) stops during uploads and deletes and comes back; then, with no manual
 * step, the bucket holds exactly the keys of the available files and the catalogue view
 * names exactly those. The events are the ones metadata-service would publish.
 */
class BucketCatalogueConvergenceIntegrationTests extends IntegrationTestSupport {

	private static final String PROVIDER = "flaky";

	private static final int MIB = 1024 * 1024;

	private static final String WRITE = TestTokens.service();

	@Autowired
	private DatabaseClient db;

	@Autowired
	private Reconciler reconciler;

	@LocalServerPort
	private int port;

	@Test
	void afterAnOutageDuringUploadsAndDeletesTheBucketAndTheCatalogueMatchWithNoManualStep() throws Exception {
		FlakyS3Server s3 = FlakyS3Server.get();
		Set<String> shouldExist = new HashSet<>();
		List<String> ourEvents = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			UUID id = UUID.randomUUID();
			uploadAndPublish(id, ourEvents);
			shouldExist.add(key(id));
		}
		List<UUID> deletedDuringOutage = List.of(UUID.randomUUID(), UUID.randomUUID());
		for (UUID id : deletedDuringOutage) {
			uploadAndPublish(id, ourEvents);
		}
		// Bytes whose expiry event was lost (what issue #9 left in the bucket): no event
		// will ever name them again.
		String lost = key(UUID.randomUUID());
		s3.client().putObject((r) -> r.bucket(BUCKET).key(lost), RequestBody.fromString("left over"));

		// A large upload that the outage cuts: its multipart upload stays open, as the
		// abort cannot reach the server either.
		UUID cut = UUID.randomUUID();
		CompletableFuture<Integer> cutStatus = slowUpload(key(cut));
		await().atMost(Duration.ofSeconds(60)).until(() -> uploadSessions(key(cut)) > 0);
		s3.stop();
		try {
			assertThat(cutStatus.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(503);
			// metadata-service expires the reservation that never completed.
			ourEvents.add(send(cut, EventTypes.FILE_UPLOAD_EXPIRED, fileUploadExpired(cut, PROVIDER, key(cut))));
			// Deletes while the server is down.
			List<String> deletes = new ArrayList<>();
			for (UUID id : deletedDuringOutage) {
				deletes.add(send(id, EventTypes.FILE_DELETED, fileDeleted(id, PROVIDER, key(id))));
			}
			ourEvents.addAll(deletes);
			// An upload that cannot even start, and its expiry.
			UUID refused = UUID.randomUUID();
			this.client.put()
				.uri("/internal/v1/objects/{provider}?key={key}&maxBytes={max}", PROVIDER, key(refused), 1000)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.bodyValue(new byte[100])
				.exchange()
				.expectStatus()
				.isEqualTo(503);
			ourEvents
				.add(send(refused, EventTypes.FILE_UPLOAD_EXPIRED, fileUploadExpired(refused, PROVIDER, key(refused))));
			// The cleanups are parked and retried while the server stays down.
			await().atMost(Duration.ofSeconds(90)).until(() -> minRetryAttempts(deletes) >= 2);
		}
		finally {
			s3.start();
		}

		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(s3.keys(BUCKET, "files/")).containsExactlyInAnyOrderElementsOf(shouldExist);
			assertThat(openUploads(s3)).isEmpty();
			assertThat(availableInCatalogue()).containsExactlyInAnyOrderElementsOf(shouldExist);
			assertThat(parked(ourEvents)).isZero();
		});
		ReconcileReport report = this.reconciler.reconcile(PROVIDER).block(Duration.ofSeconds(60));
		assertThat(report.objectsListed()).isEqualTo(shouldExist.size());
		assertThat(report.orphansFound()).isZero();
		assertThat(report.missingCount()).isZero();
		assertThat(this.db.sql("SELECT count(*) AS n FROM upload_session WHERE object_key = :key")
			.bind("key", key(cut))
			.map((row) -> row.get("n", Long.class))
			.one()
			.block()).isZero();
		// Only non-retriable failures are dead-lettered; none of these was.
		Set<String> ours = new HashSet<>(ourEvents);
		assertThat(FileEventsTopic.deadLetters(
				(record) -> ours.contains(FileEventsTopic.header(record, CloudEventHeaders.ID)), Duration.ofSeconds(10),
				false))
			.isEmpty();
	}

	private void uploadAndPublish(UUID id, List<String> events) {
		this.client.put()
			.uri("/internal/v1/objects/{provider}?key={key}&maxBytes={max}", PROVIDER, key(id), 10_000)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(("bytes of " + id).getBytes())
			.exchange()
			.expectStatus()
			.isOk();
		// metadata-service completes the file: FileUploaded goes out.
		events.add(send(id, EventTypes.FILE_UPLOADED, fileUploaded(id, PROVIDER, key(id))));
	}

	/**
	 * 5 MiB at once, a pause, one more chunk (so the first part is known not to be the
	 * last and is written), then a long pause before the rest: the upload is open for a
	 * good while.
	 */
	private CompletableFuture<Integer> slowUpload(String key) {
		DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
		Flux<DataBuffer> firstPart = Flux.range(0, 80).map((i) -> buffers.wrap(new byte[64 * 1024]));
		Flux<DataBuffer> oneMore = Mono.delay(Duration.ofSeconds(1))
			.<DataBuffer>map((tick) -> buffers.wrap(new byte[64 * 1024]))
			.flux();
		Flux<DataBuffer> rest = Mono.delay(Duration.ofSeconds(8))
			.thenMany(Flux.range(0, 15).map((i) -> buffers.wrap(new byte[64 * 1024])));
		Flux<DataBuffer> body = firstPart.concatWith(oneMore).concatWith(rest);
		return WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.filter(TestGrants.reservingEveryKey())
			.build()
			.put()
			.uri("/internal/v1/objects/{provider}?key={key}&maxBytes={max}", PROVIDER, key, 20 * MIB)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(body, DataBuffer.class)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.toFuture();
	}

	private static String key(UUID id) {
		return "files/" + id;
	}

	private static List<MultipartUpload> openUploads(FlakyS3Server s3) {
		return s3.client().listMultipartUploads((r) -> r.bucket(BUCKET).prefix("files/")).uploads();
	}

	private Set<String> availableInCatalogue() {
		return new HashSet<>(
				this.db.sql("SELECT object_key FROM catalogue_entry WHERE provider = :provider AND state = 'AVAILABLE'")
					.bind("provider", PROVIDER)
					.map((row) -> row.get("object_key", String.class))
					.all()
					.collectList()
					.block());
	}

	private long uploadSessions(String key) {
		return this.db.sql("SELECT count(*) AS n FROM upload_session WHERE object_key = :key")
			.bind("key", key)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private int minRetryAttempts(List<String> eventIds) {
		List<Integer> attempts = this.db.sql("SELECT attempts FROM cleanup_retry WHERE event_id IN (:ids)")
			.bind("ids", eventIds)
			.map((row) -> row.get("attempts", Integer.class))
			.all()
			.collectList()
			.block();
		return (attempts.size() < eventIds.size()) ? -1
				: attempts.stream().mapToInt(Integer::intValue).min().orElse(-1);
	}

	private long parked(List<String> eventIds) {
		return this.db.sql("SELECT count(*) AS n FROM cleanup_retry WHERE event_id IN (:ids)")
			.bind("ids", eventIds)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

}
