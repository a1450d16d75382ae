package com.cloudstorage.files.storage.reconcile.web;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.storage.FileEventsTopic;
import com.cloudstorage.files.storage.FlakyS3Server;
import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.TestTokens;
import com.cloudstorage.files.storage.reconcile.ReconcileReport;
import com.cloudstorage.files.storage.reconcile.Reconciler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import static com.cloudstorage.files.storage.FileEventsTopic.fileDeleted;
import static com.cloudstorage.files.storage.FileEventsTopic.fileUploaded;
import static com.cloudstorage.files.storage.FileEventsTopic.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class AdminEndpointsIntegrationTests extends IntegrationTestSupport {

	private static final String ADMIN = TestTokens.operator("files:admin");

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private Reconciler reconciler;

	@Test
	void adminEndpointsNeedTheAdminScope() {
		for (String path : new String[] { "/internal/v1/admin/reconcile", "/internal/v1/admin/dead-letters/replay" }) {
			this.client.post()
				.uri(path)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("Unauthorized");
			this.client.post()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.operator("files:read", "files:write"))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("Forbidden");
			// The gateway's service identity writes bytes; it does not run the workers.
			this.client.post()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.service())
				.exchange()
				.expectStatus()
				.isForbidden();
			// An admin's token issued for another audience (the public API) is not one
			// for this service.
			this.client.post()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.token("files:admin"))
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}
	}

	@Test
	void badArgumentsAreProblemsNotErrors() {
		this.client.post()
			.uri("/internal/v1/admin/reconcile?provider=nowhere")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("InvalidRequest");
		for (String max : new String[] { "0", "100001", "many" }) {
			this.client.post()
				.uri("/internal/v1/admin/dead-letters/replay?max={max}", max)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
				.exchange()
				.expectStatus()
				.isBadRequest();
		}
	}

	@Test
	void reconcileReportsAnAvailableFileWhoseBytesAreMissing() {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		// Published as complete, but its bytes never reached the flaky provider.
		send(fileId, EventTypes.FILE_UPLOADED, fileUploaded(fileId, "flaky", key));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.post()
				.uri("/internal/v1/admin/reconcile?provider=flaky")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$[0].provider")
				.isEqualTo("flaky")
				.jsonPath("$[0].missing[?(@ == '" + key + "')]")
				.exists());
		assertThat(this.meters.get("storage.reconcile.missing").tag("provider", "flaky").gauge().value())
			.isGreaterThanOrEqualTo(1.0);
		// Deleted after all: no longer reported.
		send(fileId, EventTypes.FILE_DELETED, fileDeleted(fileId, "flaky", key));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.post()
				.uri("/internal/v1/admin/reconcile?provider=flaky")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$[0].missing[?(@ == '" + key + "')]")
				.doesNotExist());
	}

	@Test
	void objectsWrittenBeforeTheCatalogueViewBeganAreNeverRemoved() {
		Instant original = this.db.sql("SELECT complete_since FROM catalogue_view")
			.map((row) -> row.get("complete_since", OffsetDateTime.class).toInstant())
			.one()
			.block();
		String key = "files/" + UUID.randomUUID();
		FlakyS3Server.get().client().putObject((r) -> r.bucket(BUCKET).key(key), RequestBody.fromString("old"));
		// As if the view had begun after this object was written (a new deployment).
		setViewCompleteSince(Instant.now().plus(Duration.ofHours(1)));
		try {
			// Older than the orphan age (15 s in tests), owned by no file, and still
			// kept.
			await().pollDelay(Duration.ofSeconds(17)).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				ReconcileReport report = this.reconciler.reconcile("flaky").block(Duration.ofSeconds(30));
				assertThat(report.predatingView()).isGreaterThanOrEqualTo(1);
				assertThat(report.orphansFound()).isZero();
			});
			assertThat(FlakyS3Server.get().client().headObject((r) -> r.bucket(BUCKET).key(key)).contentLength())
				.isEqualTo(3);
			// Once the view is known to be complete (rebuilt from the start of the
			// topic), it is an orphan.
			setViewCompleteSince(Instant.parse("1970-01-01T00:00:00Z"));
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThatExceptionOfType(NoSuchKeyException.class)
					.isThrownBy(() -> FlakyS3Server.get().client().headObject((r) -> r.bucket(BUCKET).key(key))));
		}
		finally {
			setViewCompleteSince(original);
		}
	}

	private void setViewCompleteSince(Instant instant) {
		this.db.sql("UPDATE catalogue_view SET complete_since = :at")
			.bind("at", OffsetDateTime.ofInstant(instant, ZoneOffset.UTC))
			.then()
			.block();
	}

	@Test
	void replayAppliesThisServicesDeadLettersAndSkipsOtherConsumers() {
		// What the old workers wrote after ~15 s of provider outage (issue #9).
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		s3().putObject((r) -> r.bucket(BUCKET).key(key), RequestBody.fromString("abc"));
		deadLetter(fileId, EventTypes.FILE_DELETED, fileDeleted(fileId, "local", key), "storage-service");
		UUID otherFile = UUID.randomUUID();
		String otherKey = "files/" + otherFile;
		s3().putObject((r) -> r.bucket(BUCKET).key(otherKey), RequestBody.fromString("abc"));
		deadLetter(otherFile, EventTypes.FILE_DELETED, fileDeleted(otherFile, "local", otherKey), "share-link-service");

		Map<String, Object> result = this.client.post()
			.uri("/internal/v1/admin/dead-letters/replay")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(((Number) result.get("replayed")).intValue()).isGreaterThanOrEqualTo(1);
		assertThat(((Number) result.get("skipped")).intValue()).isGreaterThanOrEqualTo(1);
		assertThat(result.get("complete")).isEqualTo(true);
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> s3().headObject((r) -> r.bucket(BUCKET).key(key)));
		assertThat(s3().headObject((r) -> r.bucket(BUCKET).key(otherKey)).contentLength()).isEqualTo(3);
	}

	private static void deadLetter(UUID fileId, String type, String body, String group) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
		headers.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
		headers.put(CloudEventHeaders.SOURCE, "/metadata-service");
		headers.put(CloudEventHeaders.TYPE, type);
		headers.put(CloudEventHeaders.SUBJECT, fileId.toString());
		headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
		headers.put("kafka_dlt-original-topic", Topics.FILES);
		headers.put("kafka_dlt-original-consumer-group", group);
		headers.put("kafka_dlt-exception-message", "Provider unreachable");
		FileEventsTopic.send(Topics.FILES_DEAD_LETTER, fileId.toString(), body, headers);
	}

}
