package com.cloudstorage.files.storage.cleanup.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.storage.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class FileEventsIntegrationTests extends IntegrationTestSupport {

	private static KafkaProducer<String, String> producer;

	@Autowired
	private DatabaseClient db;

	@BeforeAll
	static void producer() {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		producer = new KafkaProducer<>(properties);
	}

	@AfterAll
	static void close() {
		producer.close(Duration.ofSeconds(5));
	}

	@Test
	void fileDeletedRemovesTheObjectAndARepeatIsSkipped() throws Exception {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		putObject(key);
		String eventId = UUID.randomUUID().toString();
		send(fileId, eventId, EventTypes.FILE_DELETED, fileDeleted(fileId, "local", key));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertGone(key));
		await().atMost(Duration.ofSeconds(10)).until(() -> processed(eventId));

		// The same event again, after new bytes appeared under the key: it must be
		// skipped.
		putObject(key);
		send(fileId, eventId, EventTypes.FILE_DELETED, fileDeleted(fileId, "local", key));
		// A later event on the same partition (same record key) shows the repeat was
		// consumed.
		String markerKey = "files/" + UUID.randomUUID();
		putObject(markerKey);
		send(fileId, UUID.randomUUID().toString(), EventTypes.FILE_DELETED, fileDeleted(fileId, "local", markerKey));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertGone(markerKey));
		assertThat(s3().headObject((r) -> r.bucket(BUCKET).key(key)).contentLength()).isEqualTo(3);
	}

	@Test
	void fileUploadExpiredRemovesBytesAndOpenMultipartUploads() {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		putObject(key);
		String uploadId = s3().createMultipartUpload((r) -> r.bucket(BUCKET).key(key)).uploadId();
		assertThat(uploadId).isNotBlank();
		String body = "{\"id\":\"" + fileId + "\",\"provider\":\"local\",\"bucket\":null,\"key\":\"" + key + "\"}";
		send(fileId, UUID.randomUUID().toString(), EventTypes.FILE_UPLOAD_EXPIRED, body);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertGone(key);
			assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(key)).uploads()).isEmpty();
		});
	}

	@Test
	void unreachableProviderEndsInTheDeadLetterTopicAfterRetries() {
		UUID fileId = UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();
		send(fileId, eventId, EventTypes.FILE_DELETED, fileDeleted(fileId, "down", "files/" + fileId));
		ConsumerRecord<String, String> dead = deadLetter(eventId, Duration.ofSeconds(60));
		assertThat(header(dead, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_DELETED);
		assertThat(header(dead, CloudEventHeaders.SOURCE)).isEqualTo("/metadata-service");
		assertThat(header(dead, "kafka_dlt-exception-fqcn")).isNotNull();
		assertThat(dead.key()).isEqualTo(fileId.toString());
		assertThat(processed(eventId)).isFalse();
	}

	@Test
	void malformedEventGoesToTheDeadLetterTopicAtOnce() {
		UUID fileId = UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();
		Instant sent = Instant.now();
		send(fileId, eventId, EventTypes.FILE_DELETED, "{not json");
		ConsumerRecord<String, String> dead = deadLetter(eventId, Duration.ofSeconds(30));
		assertThat(dead.value()).isEqualTo("{not json");
		assertThat(header(dead, "kafka_dlt-exception-cause-fqcn") + " " + header(dead, "kafka_dlt-exception-fqcn"))
			.contains("InvalidEventException");
		// No retries with backoff happened: the record went straight to the DLT.
		assertThat(Duration.between(sent, Instant.ofEpochMilli(dead.timestamp()))).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void otherEventTypesAreIgnored() {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		putObject(key);
		String ignoredId = UUID.randomUUID().toString();
		send(fileId, ignoredId, EventTypes.FILE_UPLOADED, fileDeleted(fileId, "local", key));
		String markerKey = "files/" + UUID.randomUUID();
		putObject(markerKey);
		send(fileId, UUID.randomUUID().toString(), EventTypes.FILE_DELETED, fileDeleted(fileId, "local", markerKey));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertGone(markerKey));
		assertThat(s3().headObject((r) -> r.bucket(BUCKET).key(key)).contentLength()).isEqualTo(3);
		assertThat(processed(ignoredId)).isFalse();
	}

	private static void putObject(String key) {
		s3().putObject((r) -> r.bucket(BUCKET).key(key), RequestBody.fromString("abc"));
	}

	private static void assertGone(String key) {
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> s3().headObject((r) -> r.bucket(BUCKET).key(key)));
	}

	private static String fileDeleted(UUID fileId, String provider, String key) {
		return "{\"id\":\"" + fileId + "\",\"provider\":\"" + provider + "\",\"bucket\":\"" + BUCKET + "\",\"key\":\""
				+ key + "\",\"deletedBy\":\"alice\"}";
	}

	private static void send(UUID fileId, String eventId, String type, String body) {
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.FILES, fileId.toString(), body);
		Map.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0, CloudEventHeaders.ID, eventId,
				CloudEventHeaders.SOURCE, "/metadata-service", CloudEventHeaders.TYPE, type, CloudEventHeaders.TIME,
				Instant.now().toString(), CloudEventHeaders.SUBJECT, fileId.toString(), CloudEventHeaders.CONTENT_TYPE,
				CloudEventHeaders.JSON)
			.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		try {
			producer.send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private boolean processed(String eventId) {
		return Boolean.TRUE.equals(this.db.sql("SELECT count(*) AS n FROM processed_event WHERE event_id = :id")
			.bind("id", eventId)
			.map((row) -> row.get("n", Long.class) > 0)
			.one()
			.block());
	}

	private static ConsumerRecord<String, String> deadLetter(String eventId, Duration timeout) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			consumer.subscribe(List.of(Topics.FILES_DEAD_LETTER));
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					if (eventId.equals(header(record, CloudEventHeaders.ID))) {
						return record;
					}
				}
			}
		}
		throw new AssertionError("No dead letter for event " + eventId);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
