package com.cloudstorage.files.sharelink.link;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import software.amazon.awssdk.core.sync.RequestBody;

import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.FileUploaded;
import com.cloudstorage.files.contracts.events.v1.LinkCreated;
import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.S3Server;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.localinfra.ThreadDumpWatchdog;
import com.cloudstorage.files.testsupport.GrafanaDashboard;
import com.cloudstorage.files.testsupport.PrometheusScrape;
import com.cloudstorage.files.testsupport.TestClients;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} after real resolutions (a link built from real Kafka
 * events, presigned against a real S3 server): resolutions count by outcome, the
 * dashboard's share-link-service metrics all exist, and neither a link token nor a
 * presigned URL or key is in the scrape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(ThreadDumpWatchdog.class)
class ShareLinkMetricsIntegrationTests {

	private static final String APPLICATION = "share-link-service";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String SCRAPER = "Bearer " + TestTokens.service("share-link-service");

	private static KafkaProducer<String, String> producer;

	private static S3Client s3;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PostgresServer postgres = TestInfrastructure.postgres();
		S3Server s3Server = TestInfrastructure.s3();
		registry.add("spring.r2dbc.url", () -> postgres.r2dbcUrl("links"));
		registry.add("spring.flyway.url", () -> postgres.jdbcUrl("links"));
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("files.sharelink.providers.local.endpoint", () -> s3Server.endpoint().toString());
		registry.add("files.sharelink.providers.local.access-key", s3Server::accessKey);
		registry.add("files.sharelink.providers.local.secret-key", s3Server::secretKey);
		// The scrape needs a token; no issuer runs, the public key alone validates.
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> "");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
	}

	@BeforeAll
	static void clients() {
		producer = TestClients.producer(TestInfrastructure.kafka().bootstrapServers());
		S3Server server = TestInfrastructure.s3();
		s3 = TestClients.s3(server.endpoint(), server.accessKey(), server.secretKey());
	}

	@AfterAll
	static void close() {
		producer.close();
		s3.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	WebTestClient web;

	@BeforeEach
	void client() {
		this.web = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	@Test
	void resolutionsCountByOutcomeAndTheScrapeShowsNoTokenOrUrl() throws Exception {
		String name = "Board minutes " + UUID.randomUUID() + ".pdf";
		String token = linkedFile(name);
		PrometheusScrape before = scrape();

		String location = resolveUntilFound(token);
		this.web.get()
			.uri("/s/{token}", newToken())
			.header("X-Forwarded-For", "192.0.2.77")
			.exchange()
			.expectStatus()
			.isNotFound();

		PrometheusScrape after = scrape();
		assertThat(grew(before, after, "outcome", "resolved")).isGreaterThanOrEqualTo(1);
		assertThat(grew(before, after, "outcome", "unavailable")).isGreaterThanOrEqualTo(1);
		assertThat(after.sum("sharelink_resolutions_total", "outcome", "rate-limited")).isPresent();
		assertThat(after.sum("sharelink_resolutions_total", "outcome", "error")).hasValue(0.0);
		assertThat(after.sum("http_server_requests_seconds_count", "uri", "/s/{token}")).isPresent();
		assertThat(location).contains("X-Amz-Signature");
		assertThat(after.text()).doesNotContain(token)
			.doesNotContain(LinkTokens.hash(token))
			.doesNotContain("X-Amz-Signature")
			.doesNotContain(location)
			.doesNotContain(name)
			.doesNotContain(TestInfrastructure.s3().secretKey())
			.doesNotContain(SCRAPER.substring("Bearer ".length()));
		this.web.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void everyShareLinkMetricOfTheDashboardIsExposedAfterRealWork() throws Exception {
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		resolveUntilFound(linkedFile("dashboard.txt"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(dashboard.missingFrom(APPLICATION, scrape())).isEmpty());
		assertThat(dashboard.metricNamesOf(APPLICATION)).contains("sharelink_resolutions_total",
				"kafka_consumer_fetch_manager_records_lag_max");
	}

	/** A file in S3 and a link to it, both known to the projection only through Kafka. */
	private String linkedFile(String name) throws Exception {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		s3.putObject((r) -> r.bucket(TestInfrastructure.BUCKET).key(key), RequestBody.fromString("bytes"));
		publish(fileId, EventTypes.FILE_UPLOADED, new FileUploaded(fileId, name, 5, "application/pdf", "0".repeat(64),
				true, null, "alice", "local", TestInfrastructure.BUCKET, key, List.of()));
		String token = newToken();
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, UUID.randomUUID(), LinkTokens.hash(token), "alice", null));
		return token;
	}

	/** The presigned location, once the projection has the link. */
	private String resolveUntilFound(String token) {
		String[] location = new String[1];
		// A fresh address per try, so waiting for the projection never trips the limit.
		int[] client = { 0 };
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
			var result = this.web.get()
				.uri("/s/{token}", token)
				.header("X-Forwarded-For", "198.51.100." + (++client[0] % 250))
				.exchange()
				.expectBody()
				.returnResult();
			location[0] = result.getResponseHeaders().getFirst(HttpHeaders.LOCATION);
			return result.getStatus().value() == 302;
		});
		return location[0];
	}

	private void publish(UUID fileId, String type, Object event) throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.FILES, fileId.toString(),
				this.json.writeValueAsString(event));
		record.headers()
			.add(CloudEventHeaders.SPEC_VERSION, bytes("1.0"))
			.add(CloudEventHeaders.ID, bytes(UUID.randomUUID().toString()))
			.add(CloudEventHeaders.SOURCE, bytes("/metadata-service"))
			.add(CloudEventHeaders.TYPE, bytes(type))
			.add(CloudEventHeaders.SUBJECT, bytes(fileId.toString()))
			.add(CloudEventHeaders.CONTENT_TYPE, bytes("application/json"));
		producer.send(record).get();
	}

	private PrometheusScrape scrape() {
		return PrometheusScrape.parse(this.web.mutate()
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

	private static double grew(PrometheusScrape before, PrometheusScrape after, String... labels) {
		return after.sumOrZero("sharelink_resolutions_total", labels)
				- before.sumOrZero("sharelink_resolutions_total", labels);
	}

	private static String newToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
