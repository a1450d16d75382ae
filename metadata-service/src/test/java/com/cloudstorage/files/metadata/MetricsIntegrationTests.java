package com.cloudstorage.files.metadata;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.testsupport.GrafanaDashboard;
import com.cloudstorage.files.testsupport.PrometheusScrape;
import com.cloudstorage.files.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} after real work: the outbox gauges see a row the relay
 * cannot take (another session holds the relay's lock), and fall back to 0 once the relay
 * published it; the dashboard's metadata-service metrics all exist; no token or key is in
 * the scrape.
 */
class MetricsIntegrationTests extends IntegrationTestSupport {

	private static final String APPLICATION = "metadata-service";

	/** OutboxRelay's advisory lock: class "outb", key 1. */
	private static final int RELAY_LOCK_CLASS = 0x6f757462;

	private static final String SCRAPER = "Bearer " + TestTokens.token("prometheus");

	// Gauges are measured every 15 s (the default): waits allow two rounds.
	private static final Duration MEASURED = Duration.ofSeconds(40);

	@Test
	void theBacklogGaugesSeeAWaitingRowAndReturnToZeroOnceItIsPublished() throws Exception {
		PrometheusScrape before = scrape();
		UUID probe = UUID.randomUUID();
		try (Connection lockHolder = connect()) {
			try (Statement lock = lockHolder.createStatement()) {
				lock.execute("SELECT pg_advisory_lock(" + RELAY_LOCK_CLASS + ", 1)");
			}
			try (Connection writer = connect(); PreparedStatement insert = writer.prepareStatement("""
					INSERT INTO outbox (id, aggregate_id, event_type, payload, created_at)
					VALUES (?, ?, 'files.metadata.MetricsProbe.v1', '{}'::jsonb, ?)""")) {
				insert.setObject(1, probe);
				insert.setObject(2, probe);
				insert.setTimestamp(3, Timestamp.from(Instant.now().minus(Duration.ofHours(1))));
				insert.executeUpdate();
			}
			await().atMost(MEASURED).untilAsserted(() -> {
				PrometheusScrape scrape = scrape();
				assertThat(scrape.sumOrZero("metadata_outbox_backlog")).isGreaterThanOrEqualTo(1);
				assertThat(scrape.sumOrZero("metadata_outbox_oldest_age_seconds")).isGreaterThanOrEqualTo(3600);
			});
		}
		// Lock released: the relay publishes the row, the next measurement sees none.
		await().atMost(MEASURED).untilAsserted(() -> {
			PrometheusScrape scrape = scrape();
			assertThat(scrape.sumOrZero("metadata_outbox_backlog")).isZero();
			assertThat(scrape.sumOrZero("metadata_outbox_oldest_age_seconds")).isZero();
		});
		assertThat(scrape().sumOrZero("metadata_outbox_published_total")
				- before.sumOrZero("metadata_outbox_published_total"))
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void everyMetadataMetricOfTheDashboardIsExposedAfterRealWork() {
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		upload("alice", unique("metrics") + ".pdf", true, null);
		await().atMost(MEASURED)
			.untilAsserted(() -> assertThat(dashboard.missingFrom(APPLICATION, scrape())).isEmpty());
		assertThat(dashboard.metricNamesOf(APPLICATION)).contains("metadata_outbox_backlog",
				"metadata_outbox_oldest_age_seconds", "kafka_consumer_fetch_manager_records_lag_max");
	}

	@Test
	void theScrapeNeedsATokenAndShowsNoSecret() {
		this.http.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		String owner = unique("owner");
		upload(owner, "secret-plan.pdf", true, null);
		PrometheusScrape scrape = scrape();
		assertThat(scrape.sum("http_server_requests_seconds_count", "application", APPLICATION, "uri",
				"/internal/v1/uploads/{id}/complete"))
			.isPresent();
		assertThat(scrape.text()).doesNotContain(SCRAPER.substring("Bearer ".length()))
			.doesNotContain(TEST_LINK_KEY)
			.doesNotContain("secret-plan")
			.doesNotContain(owner);
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.parse(this.http.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(PrometheusScrape.MAX_BYTES))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.header("Authorization", SCRAPER)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private static Connection connect() throws Exception {
		return DriverManager.getConnection(TestInfrastructure.postgres().jdbcUrl("metadata"), PostgresServer.USER,
				PostgresServer.PASSWORD);
	}

}
