package com.cloudstorage.files.metadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.TestInfrastructure;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A document's status from the owning application's events on {@code documents.v1}. */
class DocumentStatusFromKafkaIntegrationTests extends IntegrationTestSupport {

	@Test
	void documentStatusFromKafkaIsAppliedOncePerEventId() throws Exception {
		String owner = unique("erp-user");
		String invoice = unique("INV");
		String marker = unique("MARK");
		UUID id = reserve(owner,
				reservation("scan.png", true, null, List.of(Map.of("type", "Purchase Invoice", "name", invoice))));
		complete(owner, id, "scan.png").expectStatus().isOk();
		UUID markerFile = reserve(owner,
				reservation("marker.txt", true, null, List.of(Map.of("type", "Purchase Invoice", "name", marker))));
		complete(owner, markerFile, "marker.txt").expectStatus().isOk();

		String eventId = UUID.randomUUID().toString();
		try (KafkaProducer<String, String> producer = producer()) {
			send(producer, eventId, invoice, "submitted", Instant.now());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(documentStatusSeenBy(owner, id)).isEqualTo("submitted"));
			expectProblem(delete(owner, id, false), 409, "FileAttachedToSubmittedDocument");

			// Redelivery of the same ce_id, even with a later time and another status,
			// must not apply again.
			send(producer, eventId, invoice, "cancelled", Instant.now().plusSeconds(5));
			// Same partition, sent after: once it is visible the redelivery has been
			// consumed too.
			send(producer, UUID.randomUUID().toString(), marker, "submitted", Instant.now());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(documentStatusSeenBy(owner, markerFile)).isEqualTo("submitted"));
			Thread.sleep(500);
		}
		assertThat(documentStatusSeenBy(owner, id)).isEqualTo("submitted");
		assertThat(this.db.sql("SELECT count(*) AS n FROM processed_event WHERE event_id = :id")
			.bind("id", eventId)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block()).isEqualTo(1L);
	}

	private String documentStatusSeenBy(String owner, UUID id) {
		return this.http.get()
			.uri("/api/v1/files/{id}", id)
			.header("Authorization", bearer(owner, READ))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody()
			.get("attachments")
			.toString()
			.replaceAll(".*documentStatus=([a-z]+|null).*", "$1");
	}

	private static KafkaProducer<String, String> producer() {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		return new KafkaProducer<>(properties);
	}

	private static void send(KafkaProducer<String, String> producer, String eventId, String invoice, String status,
			Instant time) throws Exception {
		String json = "{\"type\":\"Purchase Invoice\",\"name\":\"" + invoice + "\",\"status\":\"" + status + "\"}";
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.DOCUMENTS, 0, "Purchase Invoice/" + invoice,
				json);
		record.headers()
			.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.SOURCE, "/erp".getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.TYPE, EventTypes.DOCUMENT_STATUS_CHANGED.getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.TIME, time.toString().getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
		producer.send(record).get();
	}

}
