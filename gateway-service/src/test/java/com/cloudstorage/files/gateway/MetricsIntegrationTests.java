package com.cloudstorage.files.gateway;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.testsupport.GrafanaDashboard;
import com.cloudstorage.files.testsupport.PrometheusScrape;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} of the gateway after real calls through it (stand-in
 * metadata and storage servers, and a share-link-service that does not answer): request
 * and breaker meters exist, the dashboard's gateway metrics all exist, the scrape needs a
 * token (the gateway permits unknown paths, not this one) and shows no token or link.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsIntegrationTests {

	private static final String APPLICATION = "gateway-service";

	static final StandIns STAND_INS = new StandIns();

	static final String ALICE = TestTokens.bearer("alice", "files:read", "files:write", "files:delete");

	static final String SCRAPER = TestTokens.bearer("prometheus");

	/** A link token the way metadata-service makes them (43 base64url characters). */
	static final String LINK_TOKEN = "Zm9yLXRoZS1tZXRyaWNzLXRlc3Qtb25seS0wMTIzNDU2";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("files.gateway.metadata-url", STAND_INS::metadataUrl);
		registry.add("files.gateway.storage-url", STAND_INS::storageUrl);
		// Nothing listens there: resolutions fail fast and count in their breaker.
		registry.add("files.gateway.share-link-url", () -> "http://127.0.0.1:1");
		TestTokens.register(registry);
	}

	@AfterAll
	static void stop() {
		STAND_INS.stop();
	}

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		STAND_INS.clear();
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void requestsAndBreakersAreMeasuredAndTheScrapeShowsNoTokenOrName() {
		PrometheusScrape before = scrape();
		upload("quarterly-secret-report.pdf");
		this.client.get().uri("/s/{token}", LINK_TOKEN).exchange().expectStatus().is5xxServerError();

		PrometheusScrape after = scrape();
		assertThat(after.sumOrZero("http_server_requests_seconds_count", "uri", "/api/v1/files", "status", "201")
				- before.sumOrZero("http_server_requests_seconds_count", "uri", "/api/v1/files", "status", "201"))
			.isEqualTo(1);
		assertThat(after.sum("http_server_requests_seconds_count", "uri", "/s/{token}")).isPresent();
		// Every breaker has its state series; the failed resolution was counted by its
		// own.
		for (String breaker : new String[] { "metadata-api", "storage-transfer", "link-resolution", "link-await" }) {
			assertThat(after.sum("resilience4j_circuitbreaker_state", "name", breaker)).as(breaker).hasValue(1.0);
		}
		assertThat(after.sumOrZero("resilience4j_circuitbreaker_calls_seconds_count", "name", "link-resolution", "kind",
				"failed"))
			.isGreaterThanOrEqualTo(1);
		// The calls to the services behind are traced, not metered: their URIs name files
		// and links.
		assertThat(after.text()).doesNotContain("http_client_requests");
		assertThat(STAND_INS.reservations()).isNotEmpty()
			.allSatisfy((call) -> assertThat(call.headers()).containsKey("traceparent"));
		assertThat(after.text()).doesNotContain(LINK_TOKEN)
			.doesNotContain("quarterly-secret-report")
			.doesNotContain(ALICE.substring("Bearer ".length()))
			.doesNotContain(SCRAPER.substring("Bearer ".length()))
			.doesNotContain("alice");
	}

	@Test
	void theScrapeNeedsAToken() {
		this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		this.client.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.forged("mallory"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void everyGatewayMetricOfTheDashboardIsExposedAfterRealWork() {
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		upload("dashboard.txt");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(dashboard.missingFrom(APPLICATION, scrape())).isEmpty());
		assertThat(dashboard.metricNamesOf(APPLICATION)).contains("http_server_requests_seconds_count",
				"resilience4j_circuitbreaker_state");
	}

	private void upload(String name) {
		byte[] bytes = new byte[4096];
		new Random(1).nextBytes(bytes);
		this.client.post()
			.uri("/api/v1/files?name={name}", name)
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes)
			.exchange()
			.expectStatus()
			.isCreated();
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.parse(this.client.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(PrometheusScrape.MAX_BYTES))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.AUTHORIZATION, SCRAPER)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

}
