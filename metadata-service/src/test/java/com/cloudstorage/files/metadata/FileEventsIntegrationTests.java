package com.cloudstorage.files.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventSchemas;
import com.cloudstorage.files.contracts.EventTypes;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** What other services see on {@code files.v1}, read with a plain Kafka consumer. */
class FileEventsIntegrationTests extends IntegrationTestSupport {

	@Test
	void uploadDeleteAndAbortArriveAsCloudEventsKeyedByFileId() {
		String owner = unique("henry");
		String order = unique("SO");
		UUID uploaded = reserve(owner,
				reservation("events.pdf", false, "reports", List.of(Map.of("type", "Sales Order", "name", order))));
		complete(owner, uploaded, "events.pdf").expectStatus().isOk();
		this.http.delete()
			.uri("/api/v1/files/{id}", uploaded)
			.header("Authorization", bearer(owner, USER))
			.exchange()
			.expectStatus()
			.isNoContent();
		UUID aborted = reserve(owner, reservation("never.pdf", true, null, List.of()));
		this.http.post()
			.uri("/internal/v1/uploads/{id}/abort", aborted)
			.headers(asGatewayFor(owner, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isNoContent();

		List<ConsumerRecord<String, String>> records = consume(List.of(uploaded.toString(), aborted.toString()), 3);

		assertThat(records).extracting(ConsumerRecord::key)
			.containsExactly(uploaded.toString(), uploaded.toString(), aborted.toString());
		assertThat(records).extracting((record) -> header(record, CloudEventHeaders.TYPE))
			.containsExactly(EventTypes.FILE_UPLOADED, EventTypes.FILE_DELETED, EventTypes.FILE_UPLOAD_EXPIRED);
		for (ConsumerRecord<String, String> record : records) {
			assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
			assertThat(UUID.fromString(header(record, CloudEventHeaders.ID))).isNotNull();
			assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/metadata-service");
			assertThat(Instant.parse(header(record, CloudEventHeaders.TIME))).isBefore(Instant.now());
			assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(record.key());
			assertThat(header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
			EventSchemas.assertValid(header(record, CloudEventHeaders.TYPE), record.value());
			assertThat(record.value()).contains(record.key());
		}
		assertThat(records).extracting((record) -> header(record, CloudEventHeaders.ID)).doesNotHaveDuplicates();

		String fileUploaded = records.get(0).value();
		assertThat(fileUploaded).contains("\"private\"")
			.doesNotContain("privateFile")
			.contains("\"sha256\"")
			.contains(sha256("events.pdf"))
			.contains(order)
			.contains("files/" + uploaded);
		assertThat(records.get(1).value()).contains("\"deletedBy\"").contains(owner).contains("\"bucket\"");
	}

}
