package com.cloudstorage.files.metadata;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventSchemas;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.localinfra.ThreadDumpWatchdog;
import com.cloudstorage.files.metadata.outbox.OutboxProperties;
import com.cloudstorage.files.metadata.outbox.OutboxRelay;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service runs with Kafka unreachable (a closed port): requests still succeed, events
 * wait in the outbox, and a relay that can reach the broker publishes them later. Own
 * database, so that no other context's relay interferes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ExtendWith(ThreadDumpWatchdog.class)
class OutboxRelayIntegrationTests {

	private static final String DATABASE = "metadata_outbox_test";

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Autowired
	TransactionalOperator transactions;

	@Autowired
	OutboxProperties outboxProperties;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PostgresServer postgres = TestInfrastructure.postgres();
		createDatabase(postgres);
		registry.add("spring.r2dbc.url", () -> postgres.r2dbcUrl(DATABASE));
		registry.add("spring.flyway.url", () -> postgres.jdbcUrl(DATABASE));
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort());
		registry.add("spring.kafka.producer.properties.max.block.ms", () -> "500");
		registry.add("spring.kafka.listener.auto-startup", () -> "false");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
		// No issuer runs in tests: the public key alone validates tokens.
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> "");
		IntegrationTestSupport.linkTokenKeys(registry);
		IntegrationTestSupport.storageGrantKeys(registry);
	}

	@Test
	void eventsWaitWhileKafkaIsDownAndArePublishedOnceItIsBack() {
		WebTestClient http = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		String owner = "outbox-" + UUID.randomUUID();
		String token = "Bearer " + TestTokens.token(owner, "files:read", "files:write");
		// The first authenticated request of a fresh context pays for class loading and
		// JIT (seconds on a loaded CI box): keep that out of the measurement below.
		http.get().uri("/api/v1/files?limit=1").header("Authorization", token).exchange().expectStatus().isOk();
		long started = System.nanoTime();
		Map<?, ?> reserved = http.post()
			.uri("/internal/v1/uploads")
			.headers(IntegrationTestSupport.asGatewayFor(owner, "files:read", "files:write"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "offline.txt"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		UUID id = UUID.fromString((String) reserved.get("fileId"));
		http.post()
			.uri("/internal/v1/uploads/{id}/complete", id)
			.headers(IntegrationTestSupport.asGatewayFor(owner, "files:read", "files:write"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("bucket", "files", "size", 3, "sha256", "a".repeat(64)))
			.exchange()
			.expectStatus()
			.isOk();
		// Waiting for Kafka would take delivery.timeout.ms (15 s) per request, 30 s for
		// both; a loaded CI box needed 10.7 s for the two without any Kafka in the path.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("requests never wait for Kafka")
			.isLessThan(Duration.ofSeconds(25));

		// Several polls of this context's relay fail meanwhile; the row must still be
		// there, unpublished.
		await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(unpublished(id)).isEqualTo(1L);

		KafkaTemplate<String, String> reachable = new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
						TestInfrastructure.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
						StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
		try {
			OutboxRelay relay = new OutboxRelay(this.db, this.transactions, reachable, this.outboxProperties);
			// The broken relay may hold the rows locked for a moment; SKIP LOCKED lets
			// this one retry.
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				relay.relayOnce().block();
				return unpublished(id) == 0L;
			});
		}
		finally {
			reachable.destroy();
		}

		ConsumerRecord<String, String> record = consumeOne(id.toString());
		assertThat(new String(record.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8))
			.isEqualTo(EventTypes.FILE_UPLOADED);
		EventSchemas.assertValid(EventTypes.FILE_UPLOADED, record.value());
	}

	private Long unpublished(UUID id) {
		return this.db.sql("SELECT count(*) AS n FROM outbox WHERE aggregate_id = :id AND published_at IS NULL")
			.bind("id", id)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private static ConsumerRecord<String, String> consumeOne(String key) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			consumer.subscribe(List.of(Topics.FILES));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					if (key.equals(record.key())) {
						return record;
					}
				}
			}
		}
		throw new AssertionError("No record with key " + key + " on " + Topics.FILES);
	}

	/**
	 * Port 1: privileged and outside the ephemeral range, so no server started by a test
	 * can be on it.
	 */
	private static int closedPort() {
		return 1;
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
