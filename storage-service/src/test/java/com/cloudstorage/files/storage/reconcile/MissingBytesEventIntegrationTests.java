package com.cloudstorage.files.storage.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventSchemas;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.storage.FileEventsTopic;
import com.cloudstorage.files.storage.FlakyS3Server;
import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;

import static com.cloudstorage.files.storage.FileEventsTopic.fileDeleted;
import static com.cloudstorage.files.storage.FileEventsTopic.fileUploaded;
import static com.cloudstorage.files.storage.FileEventsTopic.header;
import static com.cloudstorage.files.storage.FileEventsTopic.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #9: an available file whose bytes were removed behind storage's back (straight in
 * S3) is reported by the reconciler as an event on {@code storage.v1} read back from the
 * real broker, a metric and the admin answer.
 */
class MissingBytesEventIntegrationTests extends IntegrationTestSupport {

	private static final String PROVIDER = "flaky";

	private static final String ADMIN = TestTokens.operator("files:admin");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private DatabaseClient db;

	@Test
	@SuppressWarnings("unchecked")
	void anAvailableFileWhoseObjectWasDeletedInS3IsPublishedAsStoredObjectMissing() throws Exception {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		FlakyS3Server s3 = FlakyS3Server.get();
		s3.client().putObject((r) -> r.bucket(BUCKET).key(key), RequestBody.fromString("abc"));
		send(fileId, EventTypes.FILE_UPLOADED, fileUploaded(fileId, PROVIDER, key));
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> "AVAILABLE".equals(state(key)));
			s3.client().deleteObject((r) -> r.bucket(BUCKET).key(key));
			double publishedBefore = published();

			Map<String, Object> report = reconcileNow();

			assertThat((List<Object>) report.get("missing")).contains(key);
			Instant checkedAt = Instant.parse((String) report.get("startedAt"));
			// The scheduled runs (every 2 s in tests) publish it as well; this run's
			// event
			// is the one checked at its start.
			List<ConsumerRecord<String, String>> events = FileEventsTopic.records(Topics.STORAGE,
					(record) -> fileId.toString().equals(record.key()) && checkedAt
						.equals(Instant.parse(JSON.readTree(record.value()).get("checkedAt").asString())),
					Duration.ofSeconds(30), true);
			assertThat(events).hasSize(1);
			ConsumerRecord<String, String> event = events.get(0);
			assertThat(header(event, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
			assertThat(header(event, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.STORED_OBJECT_MISSING);
			assertThat(header(event, CloudEventHeaders.SOURCE)).isEqualTo("/storage-service");
			assertThat(header(event, CloudEventHeaders.SUBJECT)).isEqualTo(fileId.toString());
			assertThat(header(event, CloudEventHeaders.CONTENT_TYPE)).isEqualTo(CloudEventHeaders.JSON);
			assertThat(UUID.fromString(header(event, CloudEventHeaders.ID))).isNotNull();
			assertThat(Instant.parse(header(event, CloudEventHeaders.TIME))).isEqualTo(checkedAt);
			EventSchemas.assertValid(EventTypes.STORED_OBJECT_MISSING, event.value());
			JsonNode body = JSON.readTree(event.value());
			// Ids and facts only: no URL, no credential.
			assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "provider", "bucket", "key", "checkedAt");
			assertThat(body.get("id").asString()).isEqualTo(fileId.toString());
			assertThat(body.get("provider").asString()).isEqualTo(PROVIDER);
			assertThat(body.get("bucket").asString()).isEqualTo(BUCKET);
			assertThat(body.get("key").asString()).isEqualTo(key);

			assertThat(published()).isGreaterThanOrEqualTo(publishedBefore + 1);
			assertThat(this.meters.get("storage.reconcile.missing").tag("provider", PROVIDER).gauge().value())
				.isGreaterThanOrEqualTo(1.0);
		}
		finally {
			// Other tests expect the flaky profile to converge with nothing missing.
			send(fileId, EventTypes.FILE_DELETED, fileDeleted(fileId, PROVIDER, key));
			await().atMost(Duration.ofSeconds(30)).until(() -> "GONE".equals(state(key)));
		}
	}

	private Map<String, Object> reconcileNow() {
		List<Map<String, Object>> reports = this.client.post()
			.uri("/internal/v1/admin/reconcile?provider=" + PROVIDER)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(reports).hasSize(1);
		return reports.get(0);
	}

	private double published() {
		Counter counter = this.meters.find("storage.reconcile.missing.published").tag("provider", PROVIDER).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private String state(String key) {
		return this.db.sql("SELECT state FROM catalogue_entry WHERE provider = :provider AND object_key = :key")
			.bind("provider", PROVIDER)
			.bind("key", key)
			.map((row) -> row.get("state", String.class))
			.one()
			.blockOptional(Duration.ofSeconds(10))
			.orElse(null);
	}

}
