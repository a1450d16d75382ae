package com.cloudstorage.files.metadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventSchemas;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.metadata.file.FileManagement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A direct upload session without an announced SHA-256, on real PostgreSQL and Kafka:
 * storage completes it on the object's size alone, so the file is AVAILABLE at once
 * without a SHA-256 and {@code FileAssembled} goes out; {@code StoredObjectHashed} from
 * storage-service's workers (on {@code storage.v1}) then records the SHA-256 and
 * {@code FileUploaded} follows, once. A session that announced one, or a proxied one,
 * never completes without it.
 */
class ChecksumLaterIntegrationTests extends IntegrationTestSupport {

	private static final long MIB = 1024 * 1024;

	@Autowired
	DatabaseClient db;

	@Autowired
	FileManagement files;

	@Test
	void aDirectSessionWithoutChecksumIsAvailableAtOnceAndFileUploadedFollowsItsComputedChecksum() throws Exception {
		String owner = unique("una");
		long size = 9 * MIB + 3;
		Map<?, ?> session = open(owner, size, null, "direct");
		UUID id = UUID.fromString((String) session.get("id"));
		String fileId = (String) session.get("fileId");
		String key = (String) session.get("key");
		String provider = (String) session.get("provider");

		complete(owner, id, size, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE")
			.jsonPath("$.sha256")
			.doesNotExist();
		List<ConsumerRecord<String, String>> assembled = consume(List.of(fileId), 1);
		assertThat(header(assembled.get(0), CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_ASSEMBLED);
		assertThat(assembled.get(0).value()).contains(key).containsPattern("\"size\":\\s*" + size);
		assertThat(outboxRows(fileId, EventTypes.FILE_UPLOADED)).isZero();
		// Readable at once.
		this.http.get()
			.uri("/api/v1/files/{id}", fileId)
			.header("Authorization", bearer(owner, USER))
			.exchange()
			.expectStatus()
			.isOk();

		String sha256 = sha256("the bytes storage read back");
		try (KafkaProducer<String, String> producer = producer()) {
			// About another size: nothing changes (else the file would keep this one).
			send(producer, fileId, hashed(fileId, provider, key, size + 1, sha256("other")));
			send(producer, fileId, hashed(fileId, provider, key, size, sha256));
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(outboxRows(fileId, EventTypes.FILE_UPLOADED)).isEqualTo(1));
		this.http.get()
			.uri("/api/v1/files/{id}", fileId)
			.header("Authorization", bearer(owner, USER))
			.exchange()
			.expectBody()
			.jsonPath("$.sha256")
			.isEqualTo(sha256);
		List<ConsumerRecord<String, String>> events = consume(List.of(fileId), 2);
		assertThat(header(events.get(1), CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_UPLOADED);
		assertThat(events.get(1).value()).contains(sha256);
		// Redelivered: nothing changes, no second FileUploaded.
		assertThat(this.files.checksumComputed(UUID.fromString(fileId), provider, key, size, sha256)
			.block(Duration.ofSeconds(10))).isFalse();
		assertThat(outboxRows(fileId, EventTypes.FILE_UPLOADED)).isEqualTo(1);
	}

	/**
	 * A share link made while the file is AVAILABLE but its SHA-256 is not known yet:
	 * created at once, and {@code FileAssembled} ahead of its {@code LinkCreated} carries
	 * what share-link-service needs to open it (location, name, media type) before
	 * {@code FileUploaded}. The SHA-256 arriving later keeps the same link.
	 */
	@Test
	void aLinkMadeBeforeTheChecksumIsKnownCanBeResolvedAtOnceAndStaysTheSameLink() throws Exception {
		String owner = unique("wes");
		long size = 9 * MIB + 5;
		Map<?, ?> session = open(owner, size, null, "direct");
		String fileId = (String) session.get("fileId");
		String key = (String) session.get("key");
		String provider = (String) session.get("provider");
		complete(owner, UUID.fromString((String) session.get("id")), size, null).expectStatus().isOk();

		String url = link("POST", owner, fileId);
		List<ConsumerRecord<String, String>> before = consume(List.of(fileId), 2);
		assertThat(header(before.get(0), CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_ASSEMBLED);
		assertThat(before.get(0).value()).contains(key)
			.containsPattern("\"name\":\\s*\"later.bin\"")
			.containsPattern("\"contentType\":\\s*\"application/octet-stream\"");
		EventSchemas.assertValid(EventTypes.FILE_ASSEMBLED, before.get(0).value());
		assertThat(header(before.get(1), CloudEventHeaders.TYPE)).isEqualTo(EventTypes.LINK_CREATED);
		assertThat(outboxRows(fileId, EventTypes.FILE_UPLOADED)).isZero();

		String sha256 = sha256("read back after the link was made");
		try (KafkaProducer<String, String> producer = producer()) {
			send(producer, fileId, hashed(fileId, provider, key, size, sha256));
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(outboxRows(fileId, EventTypes.FILE_UPLOADED)).isEqualTo(1));
		assertThat(link("GET", owner, fileId)).isEqualTo(url);
		assertThat(link("POST", owner, fileId)).isEqualTo(url);
		List<ConsumerRecord<String, String>> after = consume(List.of(fileId), 3);
		assertThat(header(after.get(2), CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_UPLOADED);
		assertThat(outboxRows(fileId, EventTypes.LINK_CREATED)).isEqualTo(1);
	}

	@Test
	void aSessionThatAnnouncedAChecksumOrIsProxiedNeverCompletesWithoutOne() {
		String owner = unique("vic");
		Map<?, ?> announced = open(owner, 9 * MIB, sha256("announced"), "direct");
		expectProblem(complete(owner, UUID.fromString((String) announced.get("id")), 9 * MIB, null), 422,
				"ChecksumMismatch");
		Map<?, ?> proxied = open(owner, 9 * MIB, null, "proxied");
		expectProblem(complete(owner, UUID.fromString((String) proxied.get("id")), 9 * MIB, null), 400,
				"InvalidRequest");
		assertThat(this.db.sql("SELECT count(*) AS n FROM files WHERE owner = :owner AND status = 'AVAILABLE'")
			.bind("owner", owner)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10))).isZero();
	}

	private Map<?, ?> open(String owner, long size, String sha256, String mode) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "later.bin");
		body.put("size", size);
		if (sha256 != null) {
			body.put("sha256", sha256);
		}
		body.put("mode", mode);
		Map<?, ?> session = this.http.post()
			.uri("/internal/v1/upload-sessions")
			.headers(asGatewayFor(owner, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(session).isNotNull();
		return session;
	}

	private String link(String method, String owner, String fileId) {
		return shareLinkUrl(this.http, method, owner, fileId);
	}

	private WebTestClient.ResponseSpec complete(String owner, UUID id, long size, String sha256) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("bucket", TestInfrastructure.BUCKET);
		body.put("size", size);
		body.put("sha256", sha256);
		body.put("etag", "\"e-2\"");
		return this.http.post()
			.uri("/internal/v1/upload-sessions/{id}/complete", id)
			.headers(asGatewayFor(owner, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static String hashed(String fileId, String provider, String key, long size, String sha256) {
		return "{\"id\":\"" + fileId + "\",\"provider\":\"" + provider + "\",\"bucket\":\"" + TestInfrastructure.BUCKET
				+ "\",\"key\":\"" + key + "\",\"size\":" + size + ",\"sha256\":\"" + sha256 + "\",\"hashedAt\":\""
				+ Instant.now() + "\",\"addedLater\":true}";
	}

	private long outboxRows(String fileId, String type) {
		Long count = this.db.sql("SELECT count(*) AS n FROM outbox WHERE aggregate_id = :id AND event_type = :type")
			.bind("id", UUID.fromString(fileId))
			.bind("type", type)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
		return (count != null) ? count : -1;
	}

	private static KafkaProducer<String, String> producer() {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		return new KafkaProducer<>(properties);
	}

	private static void send(KafkaProducer<String, String> producer, String fileId, String value) throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.STORAGE, fileId, value);
		record.headers()
			.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.SOURCE, "/storage-service".getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.TYPE, EventTypes.STORED_OBJECT_HASHED.getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.TIME, Instant.now().toString().getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.SUBJECT, fileId.getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
		producer.send(record).get();
	}

}
