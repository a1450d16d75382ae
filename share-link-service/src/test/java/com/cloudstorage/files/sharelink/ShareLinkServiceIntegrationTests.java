package com.cloudstorage.files.sharelink;

import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The skeleton starts on a real PostgreSQL, migrates its own database and guards
 * everything but health.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ShareLinkServiceIntegrationTests {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PostgresServer postgres = TestInfrastructure.postgres();
		registry.add("spring.r2dbc.url", () -> postgres.r2dbcUrl("links"));
		registry.add("spring.flyway.url", () -> postgres.jdbcUrl("links"));
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
	}

	@Autowired
	WebTestClient web;

	@Autowired
	DatabaseClient database;

	@Test
	void healthIsOpenAndUp() {
		this.web.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void theInternalApiNeedsAToken() {
		this.web.get()
			.uri("/internal/v1/links/await?active=" + java.util.UUID.randomUUID())
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void migrationsCreatedTheProcessedEventTable() {
		Long count = this.database.sql("SELECT count(*) FROM processed_event")
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
		assertThat(count).isZero();
	}

}
