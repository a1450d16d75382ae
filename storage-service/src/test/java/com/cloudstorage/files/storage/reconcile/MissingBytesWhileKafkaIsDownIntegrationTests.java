package com.cloudstorage.files.storage.reconcile;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.S3Server;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.localinfra.ThreadDumpWatchdog;
import com.cloudstorage.files.storage.TestGrants;
import com.cloudstorage.files.storage.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler with no broker to publish to (a closed port): it still reports the
 * missing files (answer, gauge, log) and ends within a bounded time, and nothing counts
 * as published.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(ThreadDumpWatchdog.class)
class MissingBytesWhileKafkaIsDownIntegrationTests {

	/**
	 * Its own database: this context's workers (retrier, sweeper) must not take the
	 * shared context's rows.
	 */
	private static final String DATABASE = "storage_no_broker";

	private static final String PROVIDER = "no-broker";

	private static final String PROFILE = "files.storage.providers." + PROVIDER + ".";

	@Autowired
	private Reconciler reconciler;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PostgresServer postgres = TestInfrastructure.postgres();
		S3Server s3 = TestInfrastructure.s3();
		createDatabase(postgres);
		registry.add("spring.r2dbc.url", () -> postgres.r2dbcUrl(DATABASE));
		registry.add("spring.r2dbc.username", () -> PostgresServer.USER);
		registry.add("spring.r2dbc.password", () -> PostgresServer.PASSWORD);
		registry.add("spring.flyway.url", () -> postgres.jdbcUrl(DATABASE));
		// Nothing listens on port 1; the producer's own wait for metadata stays at its
		// default (a minute), so only the reconciler's send timeout bounds the run.
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:1");
		registry.add("spring.kafka.listener.auto-startup", () -> "false");
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> "");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
		registry.add("files.storage.grants.keys." + TestGrants.KEY_ID, () -> TestGrants.KEY);
		registry.add("files.storage.providers.local.endpoint", () -> s3.endpoint().toString());
		registry.add("files.storage.providers.local.access-key", s3::accessKey);
		registry.add("files.storage.providers.local.secret-key", s3::secretKey);
		registry.add(PROFILE + "endpoint", () -> s3.endpoint().toString());
		registry.add(PROFILE + "region", () -> "us-east-1");
		registry.add(PROFILE + "bucket", () -> TestInfrastructure.BUCKET);
		registry.add(PROFILE + "access-key", s3::accessKey);
		registry.add(PROFILE + "secret-key", s3::secretKey);
		registry.add(PROFILE + "timeouts.attempt", () -> "PT20S");
		registry.add(PROFILE + "timeouts.call", () -> "PT30S");
		registry.add("files.storage.workers.reconcile.enabled", () -> "false");
		// Other tests' objects share the bucket: nothing here is old enough to be
		// removed.
		registry.add("files.storage.workers.reconcile.orphan-age", () -> "P1D");
	}

	@Test
	void missingFilesAreStillReportedAndTheRunEndsWhenNoBrokerAnswers() {
		String first = available(UUID.randomUUID());
		String second = available(UUID.randomUUID());

		long started = System.nanoTime();
		ReconcileReport report = this.reconciler.reconcile(PROVIDER).block(Duration.ofSeconds(180));
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(report.missing()).contains(first, second);
		assertThat(report.missingCount()).isEqualTo(2);
		assertThat(this.meters.get("storage.reconcile.missing").tag("provider", PROVIDER).gauge().value())
			.isEqualTo(2.0);
		Counter published = this.meters.find("storage.reconcile.missing.published").tag("provider", PROVIDER).counter();
		assertThat((published != null) ? published.count() : 0).isZero();
		// Waiting for the producer (a minute per send) would take two minutes; the send
		// timeout (10 s) and stopping at the first failure bound it. Generous for a
		// loaded CI box.
		assertThat(took).isLessThan(Duration.ofSeconds(60));
	}

	/**
	 * A file the view has held as available for a minute, with no bytes in the bucket.
	 */
	private String available(UUID fileId) {
		String key = "files/" + fileId;
		this.db
			.sql("INSERT INTO catalogue_entry (provider, object_key, file_id, state, changed_at)"
					+ " VALUES (:provider, :key, :fileId, 'AVAILABLE', :at)")
			.bind("provider", PROVIDER)
			.bind("key", key)
			.bind("fileId", fileId)
			.bind("at", OffsetDateTime.ofInstant(Instant.now().minusSeconds(60), ZoneOffset.UTC))
			.then()
			.block(Duration.ofSeconds(30));
		return key;
	}

	private static void createDatabase(PostgresServer postgres) {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), PostgresServer.USER,
				PostgresServer.PASSWORD); Statement statement = connection.createStatement()) {
			try (ResultSet rows = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
				if (rows.next()) {
					return;
				}
			}
			statement.execute("CREATE DATABASE " + DATABASE);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create " + DATABASE, ex);
		}
	}

}
