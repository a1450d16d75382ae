package com.cloudstorage.files.storage;

import java.time.Duration;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.testsupport.GrafanaDashboard;
import com.cloudstorage.files.testsupport.PrometheusScrape;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import static com.cloudstorage.files.storage.FileEventsTopic.fileDeleted;
import static com.cloudstorage.files.storage.FileEventsTopic.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} after real work: transfers through the byte API, records
 * the workers dead-letter or retry, the scheduled reconciler; and the dashboard's
 * storage-service metrics all exist there, with no token or secret in the scrape.
 */
class MetricsIntegrationTests extends IntegrationTestSupport {

	private static final String APPLICATION = "storage-service";

	private static final String WRITE = TestTokens.service();

	private static final String READ = TestTokens.service();

	/** Any valid token may scrape, as for the other non-health endpoints. */
	private static final String SCRAPER = TestTokens.service();

	@Autowired
	private DatabaseClient db;

	@Test
	void anUploadAndADownloadCountTheirBytesAndDurations() {
		PrometheusScrape before = scrape();
		byte[] bytes = new byte[200_001];
		new Random(7).nextBytes(bytes);
		String key = "metrics/" + UUID.randomUUID();

		upload(key, bytes);
		byte[] read = this.client.get()
			.uri("/internal/v1/objects/local?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + READ)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(read).isEqualTo(bytes);

		// The download's timer stops after its last byte went out, which may be a moment
		// after the client has it.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> grew(before, scrape(), "storage_transfer_duration_seconds_count", "direction", "download",
					"outcome", "success") >= 1);
		PrometheusScrape after = scrape();
		assertThat(grew(before, after, "storage_transfer_bytes_total", "direction", "upload")).isEqualTo(bytes.length);
		assertThat(grew(before, after, "storage_transfer_bytes_total", "direction", "download"))
			.isEqualTo(bytes.length);
		assertThat(grew(before, after, "storage_transfer_duration_seconds_count", "direction", "upload", "outcome",
				"success"))
			.isEqualTo(1);
		assertThat(grew(before, after, "storage_transfer_duration_seconds_sum", "direction", "upload", "outcome",
				"success"))
			.isPositive();
		assertThat(after.sum("storage_transfer_duration_seconds_bucket", "direction", "upload", "outcome", "success",
				"le", "+Inf"))
			.isPresent();
		assertThat(after.text()).doesNotContain(key).doesNotContain(WRITE).doesNotContain(READ);
	}

	@Test
	void aPoisonRecordCountsAsADeadLetterAndAnUnreachableProviderAsRetries() {
		PrometheusScrape before = scrape();
		send(UUID.randomUUID(), EventTypes.FILE_DELETED, "{not json");
		UUID fileId = UUID.randomUUID();
		String parked = send(fileId, EventTypes.FILE_DELETED, fileDeleted(fileId, "down", "files/" + fileId));
		try {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> grew(before, scrape(), "events_dead_letters_total", "topic", Topics.FILES, "exception",
						"InvalidEventException") == 1);
			// cleanup.max-attempts is 3: two retries in memory, then parked and retried
			// from the table.
			await().atMost(Duration.ofSeconds(60))
				.until(() -> grew(before, scrape(), "events_retries_total", "stage", "in-memory") >= 2);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> grew(before, scrape(), "events_retries_total", "stage", "durable") >= 1);
			PrometheusScrape after = scrape();
			assertThat(after.sumOrZero("storage_cleanup_parked")).isPositive();
			// One state of the unreachable profile's breaker is 1, whichever it is now.
			assertThat(after.sum("resilience4j_circuitbreaker_state", "name", "s3-down")).hasValue(1.0);
		}
		finally {
			this.db.sql("DELETE FROM cleanup_retry WHERE event_id = :id").bind("id", parked).then().block();
		}
	}

	@Test
	void theScheduledReconcilerReportsItsFindings() {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> scrape().sumOrZero("storage_reconcile_runs_total", "provider", "flaky") >= 1);
		PrometheusScrape after = scrape();
		assertThat(after.sum("storage_reconcile_orphans", "provider", "flaky")).isPresent();
		assertThat(after.sum("storage_reconcile_missing", "provider", "flaky")).isPresent();
	}

	@Test
	void everyStorageMetricOfTheDashboardIsExposedAfterRealWork() {
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		upload("metrics/" + UUID.randomUUID(), new byte[] { 1, 2, 3 });
		send(UUID.randomUUID(), EventTypes.FILE_DELETED, "{not json");
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			PrometheusScrape scrape = scrape();
			assertThat(dashboard.missingFrom(APPLICATION, scrape)).isEmpty();
		});
		assertThat(dashboard.metricNamesOf(APPLICATION)).contains("storage_transfer_bytes_total",
				"events_dead_letters_total", "resilience4j_circuitbreaker_state",
				"kafka_consumer_fetch_manager_records_lag_max");
	}

	@Test
	void theScrapeNeedsATokenAndShowsNoSecret() {
		this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		PrometheusScrape scrape = scrape();
		assertThat(scrape.sum("http_server_requests_seconds_count", "application", APPLICATION)).isPresent();
		assertThat(scrape.text()).doesNotContain(SCRAPER)
			.doesNotContain(TestInfrastructure.s3().secretKey())
			.doesNotContain(FlakyS3Server.SECRET_KEY)
			.doesNotContain("X-Amz-Signature")
			.doesNotContain("Bearer");
	}

	private void upload(String key, byte[] bytes) {
		this.client.put()
			.uri("/internal/v1/objects/local?key={key}&maxBytes={max}", key, bytes.length)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private PrometheusScrape scrape() {
		String text = this.client.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(PrometheusScrape.MAX_BYTES))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + SCRAPER)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return PrometheusScrape.parse(text);
	}

	private static double grew(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
		return after.sumOrZero(name, labels) - before.sumOrZero(name, labels);
	}

}
