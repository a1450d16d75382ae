package com.cloudstorage.files.metadata.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.kit.events.EventTracing;
import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.TestInfrastructure;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two relays on one real PostgreSQL database and a real broker: a file's events arrive in
 * order, a row the broker refuses for good is parked without holding up the others, and
 * pruning removes only old published rows. No Spring context: the relays are built by
 * hand, as two replicas would each build theirs.
 */
class OutboxRelayOrderingIntegrationTests {

	private static final String DATABASE = "metadata_relay_test";

	private static final int MAX_ATTEMPTS = 2;

	private static DatabaseClient db;

	private static TransactionalOperator transactions;

	private static final List<KafkaTemplate<String, String>> templates = new ArrayList<>();

	private Outbox outbox;

	@BeforeAll
	static void database() {
		PostgresServer postgres = TestInfrastructure.postgres();
		jdbc(postgres.jdbcUrl("postgres"), "DROP DATABASE IF EXISTS " + DATABASE, "CREATE DATABASE " + DATABASE);
		Flyway.configure()
			.dataSource(postgres.jdbcUrl(DATABASE), PostgresServer.USER, PostgresServer.PASSWORD)
			.locations("classpath:db/migration")
			.load()
			.migrate();
		ConnectionFactory connections = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host("127.0.0.1")
			.port(postgres.port())
			.database(DATABASE)
			.username(PostgresServer.USER)
			.password(PostgresServer.PASSWORD)
			.build());
		db = DatabaseClient.create(connections);
		transactions = TransactionalOperator.create(new R2dbcTransactionManager(connections));
	}

	@AfterAll
	static void close() {
		templates.forEach(KafkaTemplate::destroy);
	}

	@BeforeEach
	void clean() {
		this.outbox = new Outbox(db, JsonMapper.builder().build(), EventTracing.untraced());
		db.sql("DELETE FROM outbox").then().block();
	}

	@Test
	void twoRelaysPublishEachFilesEventsInOrder() {
		List<UUID> fileIds = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		Map<UUID, List<String>> written = new HashMap<>();
		for (int i = 0; i < 40; i++) {
			for (UUID fileId : fileIds) {
				written.computeIfAbsent(fileId, (id) -> new ArrayList<>()).add(append(fileId, Map.of("seq", i)));
			}
		}
		OutboxRelay first = relay(5);
		OutboxRelay second = relay(5);
		// Both poll at once, again and again, as two replicas would.
		for (int round = 0; round < 200 && unpublished() > 0; round++) {
			Flux.merge(first.relayOnce(), second.relayOnce()).then().block(Duration.ofSeconds(60));
		}
		assertThat(unpublished()).isZero();

		Map<String, List<String>> received = consume(fileIds.stream().map(UUID::toString).toList(), 160);
		for (UUID fileId : fileIds) {
			assertThat(received.get(fileId.toString())).as("events of " + fileId + " in order")
				.containsExactlyElementsOf(written.get(fileId));
		}
	}

	@Test
	void aRowTheBrokerRefusesIsParkedAndTheOthersFlow() {
		UUID poisoned = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		// Over the producer's max.request.size (1 MiB): the broker can never take it.
		String poison = append(poisoned, Map.of("blob", "x".repeat(1_100_000)));
		String behindPoison = append(poisoned, Map.of("seq", 1));
		String otherEvent = append(other, Map.of("seq", 1));
		OutboxRelay relay = relay(10);

		relay.relayOnce().block(Duration.ofSeconds(60));
		assertThat(published(otherEvent)).as("another file's row is not held up").isTrue();
		assertThat(published(behindPoison)).as("the file's later row waits for the failing one").isFalse();
		assertThat(attempts(poison)).isEqualTo(1);

		relay.relayOnce().block(Duration.ofSeconds(60));
		assertThat(attempts(poison)).isEqualTo(MAX_ATTEMPTS);
		assertThat(parked(poison)).isTrue();

		relay.relayOnce().block(Duration.ofSeconds(60));
		assertThat(published(behindPoison)).as("once parked, the row no longer blocks its file").isTrue();
		assertThat(published(poison)).isFalse();
		assertThat(consume(List.of(other.toString(), poisoned.toString()), 2)).containsOnlyKeys(other.toString(),
				poisoned.toString());
	}

	@Test
	void pruningRemovesOnlyPublishedRowsOlderThanTheRetention() {
		String old = append(UUID.randomUUID(), Map.of());
		String recent = append(UUID.randomUUID(), Map.of());
		String unpublishedOld = append(UUID.randomUUID(), Map.of());
		String parkedOld = append(UUID.randomUUID(), Map.of());
		Instant now = Instant.now();
		db.sql("""
				UPDATE outbox SET published_at = CASE id
				  WHEN CAST(:old AS uuid) THEN now() - interval '8 days'
				  WHEN CAST(:recent AS uuid) THEN now() - interval '6 days' END,
				created_at = now() - interval '9 days' WHERE id IN (CAST(:old AS uuid), CAST(:recent AS uuid))""")
			.bind("old", old)
			.bind("recent", recent)
			.then()
			.block();
		db.sql("UPDATE outbox SET created_at = now() - interval '30 days' WHERE id = CAST(:id AS uuid)")
			.bind("id", unpublishedOld)
			.then()
			.block();
		db.sql("""
				UPDATE outbox SET created_at = now() - interval '30 days', parked_at = now() - interval '30 days',
				attempts = 5 WHERE id = CAST(:id AS uuid)""").bind("id", parkedOld).then().block();

		assertThat(relay(10).prunePublished(now).block()).isEqualTo(1L);
		assertThat(exists(old)).isFalse();
		assertThat(exists(recent)).isTrue();
		assertThat(exists(unpublishedOld)).isTrue();
		assertThat(exists(parkedOld)).isTrue();
	}

	private String append(UUID fileId, Map<String, ?> payload) {
		this.outbox.append(fileId, "test.OutboxOrder.v1", payload).block();
		return db.sql("SELECT id::text AS id FROM outbox WHERE aggregate_id = :file ORDER BY position DESC LIMIT 1")
			.bind("file", fileId)
			.map((row) -> row.get("id", String.class))
			.one()
			.block();
	}

	private static OutboxRelay relay(int batchSize) {
		KafkaTemplate<String, String> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
						ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
						ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
						StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
		templates.add(kafka);
		return new OutboxRelay(db, transactions, kafka, new OutboxProperties(true, Duration.ofMillis(200), batchSize,
				Duration.ofSeconds(30), MAX_ATTEMPTS, Duration.ofDays(7), Duration.ofHours(1), Duration.ofSeconds(15)));
	}

	private static long unpublished() {
		return db.sql("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL AND parked_at IS NULL")
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private static boolean published(String id) {
		return Boolean.TRUE.equals(column(id, "published_at IS NOT NULL", Boolean.class));
	}

	private static boolean parked(String id) {
		return Boolean.TRUE.equals(column(id, "parked_at IS NOT NULL", Boolean.class));
	}

	private static Integer attempts(String id) {
		return column(id, "attempts", Integer.class);
	}

	private static boolean exists(String id) {
		return column(id, "true", Boolean.class) != null;
	}

	private static <T> T column(String id, String expression, Class<T> type) {
		return db.sql("SELECT " + expression + " AS v FROM outbox WHERE id = CAST(:id AS uuid)")
			.bind("id", id)
			.map((row) -> row.get("v", type))
			.one()
			.block();
	}

	/** The ce_ids per key, in the order the topic holds them. */
	private static Map<String, List<String>> consume(List<String> keys, int expected) {
		Map<String, List<String>> received = new ConcurrentHashMap<>();
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "relay-order-test-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		Set<String> wanted = Set.copyOf(keys);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			consumer.subscribe(List.of(Topics.FILES));
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			int count = 0;
			while (System.nanoTime() < deadline && count < expected) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					if (wanted.contains(record.key())) {
						received.computeIfAbsent(record.key(), (key) -> new ArrayList<>())
							.add(new String(record.headers().lastHeader(CloudEventHeaders.ID).value(),
									StandardCharsets.UTF_8));
						count++;
					}
				}
			}
		}
		return received;
	}

	private static void jdbc(String url, String... statements) {
		try (Connection connection = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not prepare " + DATABASE, ex);
		}
	}

}
