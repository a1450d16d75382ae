package com.cloudstorage.files.metadata.document.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.TestInfrastructure;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pruning of applied event ids on a real PostgreSQL database of its own: only ids older
 * than the cut-off go.
 */
class DocumentRepositoryPruningIntegrationTests {

	private static final String DATABASE = "metadata_documents_test";

	private static DatabaseClient db;

	@BeforeAll
	static void database() throws Exception {
		PostgresServer postgres = TestInfrastructure.postgres();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), PostgresServer.USER,
				PostgresServer.PASSWORD); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
			statement.execute("CREATE DATABASE " + DATABASE);
		}
		Flyway.configure()
			.dataSource(postgres.jdbcUrl(DATABASE), PostgresServer.USER, PostgresServer.PASSWORD)
			.locations("classpath:db/migration")
			.load()
			.migrate();
		db = DatabaseClient.create(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host("127.0.0.1")
			.port(postgres.port())
			.database(DATABASE)
			.username(PostgresServer.USER)
			.password(PostgresServer.PASSWORD)
			.build()));
	}

	@Test
	void forgetsOnlyEventIdsProcessedBeforeTheCutOff() {
		DocumentRepository documents = new DocumentRepository(db);
		assertThat(documents.markProcessed("recent").block()).isTrue();
		assertThat(documents.markProcessed("old").block()).isTrue();
		assertThat(documents.markProcessed("old").block()).as("a repeat is recognised").isFalse();
		db.sql("UPDATE processed_event SET processed_at = now() - interval '20 days' WHERE event_id = 'old'")
			.then()
			.block();

		Instant cutOff = Instant.now().minus(Duration.ofDays(14));
		assertThat(documents.forgetProcessedBefore(cutOff).block()).isEqualTo(1L);

		assertThat(db.sql("SELECT event_id FROM processed_event ORDER BY event_id")
			.map((row) -> row.get("event_id", String.class))
			.all()
			.collectList()
			.block()).isEqualTo(List.of("recent"));
	}

}
