package com.cloudstorage.files.metadata;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The documents.v1 consumer on a real broker: tolerant reading, poison records to the
 * dead-letter topic without blocking the partition, a database outage retried; and the
 * PUT answering the stored status.
 */
class DocumentEventsIntegrationTests extends IntegrationTestSupport {

	private static final String DEAD_LETTER_TOPIC = Topics.DOCUMENTS + ".dlt";

	private static final String TYPE = "Delivery Note";

	@Autowired
	ConnectionFactory connections;

	@Test
	void poisonRecordsAreDeadLetteredAndTheRecordsBehindThemApplied() throws Exception {
		String unreadable = UUID.randomUUID().toString();
		String longId = "x".repeat(300);
		String absurdTime = UUID.randomUUID().toString();
		String badTime = UUID.randomUUID().toString();
		String badStatus = UUID.randomUUID().toString();
		String otherType = UUID.randomUUID().toString();
		String extraField = UUID.randomUUID().toString();
		String last = UUID.randomUUID().toString();
		String ignoredDoc = unique("DN");
		String extraDoc = unique("DN");
		String lastDoc = unique("DN");
		try (KafkaProducer<String, String> producer = producer()) {
			// All on one partition, behind each other: a blocked partition would never
			// reach the last one.
			send(producer, unreadable, "{\"type\":", EventTypes.DOCUMENT_STATUS_CHANGED, Instant.now().toString());
			send(producer, longId, json(unique("DN"), "submitted"), EventTypes.DOCUMENT_STATUS_CHANGED,
					Instant.now().toString());
			send(producer, absurdTime, json(unique("DN"), "submitted"), EventTypes.DOCUMENT_STATUS_CHANGED,
					"+99999-01-01T00:00:00Z");
			send(producer, badTime, json(unique("DN"), "submitted"), EventTypes.DOCUMENT_STATUS_CHANGED, "yesterday");
			send(producer, badStatus, json(unique("DN"), "approved"), EventTypes.DOCUMENT_STATUS_CHANGED,
					Instant.now().toString());
			send(producer, otherType, json(ignoredDoc, "submitted"), "com.example.erp.DocumentPrinted.v1",
					Instant.now().toString());
			send(producer, extraField,
					"{\"type\":\"" + TYPE + "\",\"name\":\"" + extraDoc
							+ "\",\"status\":\"submitted\",\"priority\":\"high\"}",
					EventTypes.DOCUMENT_STATUS_CHANGED, Instant.now().toString());
			send(producer, last, json(lastDoc, "submitted"), EventTypes.DOCUMENT_STATUS_CHANGED,
					Instant.now().toString());
		}
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(status(lastDoc)).isEqualTo("submitted"));
		// The listener is asynchronous: records of one partition are handled side by
		// side,
		// so the last one may be applied before the one just ahead of it.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(status(extraDoc)).as("an unknown field is ignored").isEqualTo("submitted"));
		assertThat(status(ignoredDoc)).as("another event type is skipped").isNull();

		Map<String, String> reasons = deadLetterReasons(
				List.of(unreadable, longId, absurdTime, badTime, badStatus, otherType, extraField, last), 5);
		assertThat(reasons).containsOnlyKeys(unreadable, longId, absurdTime, badTime, badStatus);
		assertThat(reasons.get(unreadable)).contains("not a readable");
		assertThat(reasons.get(longId)).contains("ce_id");
		assertThat(reasons.get(absurdTime)).contains("ce_time");
		assertThat(reasons.get(badTime)).contains("ce_time");
		assertThat(reasons.get(badStatus)).contains("status");
	}

	@Test
	void aFarFutureEventTimeIsClampedAndAStalePutIsAConflictWithTheStoredStatus() throws Exception {
		String farFuture = unique("DN");
		String ahead = unique("DN");
		try (KafkaProducer<String, String> producer = producer()) {
			send(producer, UUID.randomUUID().toString(), json(farFuture, "submitted"),
					EventTypes.DOCUMENT_STATUS_CHANGED, "3000-01-01T00:00:00Z");
			// Within the tolerated skew (5 minutes): taken as it is.
			send(producer, UUID.randomUUID().toString(), json(ahead, "submitted"), EventTypes.DOCUMENT_STATUS_CHANGED,
					Instant.now().plusSeconds(240).toString());
		}
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(status(farFuture)).isEqualTo("submitted");
			assertThat(status(ahead)).isEqualTo("submitted");
		});
		assertThat(updatedAt(farFuture)).as("clamped to now + the tolerated skew")
			.isBefore(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(5));

		// The stored status is newer than now: the PUT is not applied and says so.
		this.http.put()
			.uri("/api/v1/documents/{type}/{name}", TYPE, ahead)
			.header("Authorization", bearer("erp", DOCUMENTS))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", "cancelled"))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("StaleDocumentUpdate")
			.jsonPath("$.currentStatus")
			.isEqualTo("submitted");
		assertThat(status(ahead)).isEqualTo("submitted");

		String fresh = unique("DN");
		this.http.put()
			.uri("/api/v1/documents/{type}/{name}", TYPE, fresh)
			.header("Authorization", bearer("erp", DOCUMENTS))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", "draft"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("draft");
	}

	@Test
	void anUnreachableDatabaseIsRetriedNotDeadLettered() throws Exception {
		String doc = unique("DN");
		String eventId = UUID.randomUUID().toString();
		try {
			admin("ALTER DATABASE metadata ALLOW_CONNECTIONS false",
					"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'metadata'");
			try (KafkaProducer<String, String> producer = producer()) {
				send(producer, eventId, json(doc, "submitted"), EventTypes.DOCUMENT_STATUS_CHANGED,
						Instant.now().toString());
			}
			// Several attempts fail meanwhile.
			Thread.sleep(3000);
		}
		finally {
			admin("ALTER DATABASE metadata ALLOW_CONNECTIONS true");
		}
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(status(doc)).isEqualTo("submitted"));
		assertThat(deadLetterReasons(List.of(eventId), 0)).isEmpty();
		everyPooledConnectionAnswers();
	}

	/**
	 * The outage killed every pooled connection; none may stay in the pool looking valid
	 * but unable to answer, or the next request on it would wait forever (issue #8).
	 * Holds more connections than the pool has, so each one it keeps is asked once.
	 */
	private void everyPooledConnectionAnswers() {
		ConnectionPool pool = (ConnectionPool) this.connections;
		int allocated = pool.getMetrics().orElseThrow().allocatedSize();
		List<io.r2dbc.spi.Connection> held = new ArrayList<>();
		try {
			for (int i = 0; i <= allocated; i++) {
				io.r2dbc.spi.Connection connection = Mono.from(pool.create()).block(Duration.ofSeconds(10));
				held.add(connection);
				List<Integer> answer = Flux.from(connection.createStatement("SELECT 1").execute())
					.flatMap((result) -> result.map((row, metadata) -> row.get(0, Integer.class)))
					.collectList()
					.block(Duration.ofSeconds(10));
				assertThat(answer).as("pooled connection %d of %d answers", i + 1, allocated + 1).containsExactly(1);
			}
		}
		finally {
			held.forEach((connection) -> Mono.from(connection.close()).block(Duration.ofSeconds(10)));
		}
	}

	private @Nullable String status(String name) {
		return this.db.sql("SELECT status FROM documents WHERE doc_type = :type AND doc_name = :name")
			.bind("type", TYPE)
			.bind("name", name)
			.map((row) -> row.get("status", String.class))
			.one()
			.block();
	}

	private Instant updatedAt(String name) {
		return this.db.sql("SELECT updated_at FROM documents WHERE doc_type = :type AND doc_name = :name")
			.bind("type", TYPE)
			.bind("name", name)
			.map((row) -> row.get("updated_at", OffsetDateTime.class))
			.one()
			.block()
			.toInstant();
	}

	private static String json(String name, String status) {
		return "{\"type\":\"" + TYPE + "\",\"name\":\"" + name + "\",\"status\":\"" + status + "\"}";
	}

	/**
	 * Reads the dead-letter topic until the expected number of the given ids were seen
	 * (or, for zero, for a few seconds).
	 */
	private static Map<String, String> deadLetterReasons(List<String> eventIds, int expected) {
		Map<String, String> reasons = new java.util.HashMap<>();
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-test-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			consumer.subscribe(List.of(DEAD_LETTER_TOPIC));
			long deadline = System.nanoTime() + Duration.ofSeconds((expected == 0) ? 5 : 30).toNanos();
			while (System.nanoTime() < deadline && (expected == 0 || reasons.size() < expected)) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					String id = headerOrNull(record, CloudEventHeaders.ID);
					if (id != null && eventIds.contains(id)) {
						reasons.put(id, headerOrNull(record, "dlt_reason"));
					}
				}
			}
		}
		return reasons;
	}

	private static @Nullable String headerOrNull(ConsumerRecord<String, String> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static KafkaProducer<String, String> producer() {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		return new KafkaProducer<>(properties);
	}

	private static void send(KafkaProducer<String, String> producer, String eventId, String value, String type,
			String time) throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.DOCUMENTS, 1, TYPE, value);
		record.headers()
			.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.SOURCE, "/erp".getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.TIME, time.getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
		producer.send(record).get();
	}

	private static void admin(String... statements) {
		PostgresServer postgres = TestInfrastructure.postgres();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), PostgresServer.USER,
				PostgresServer.PASSWORD); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not run " + List.of(statements), ex);
		}
	}

}
