package com.cloudstorage.files.kit.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.events.v1.FileDeleted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CloudEventReaderTests {

	private final CloudEventReader reader = new CloudEventReader(JsonMapper.builder().build());

	static ConsumerRecord<String, String> record(String id, String type, String time, String body) {
		ConsumerRecord<String, String> record = new ConsumerRecord<>("files.v1", 2, 42L, "key-1", body);
		if (id != null) {
			record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
		}
		if (type != null) {
			record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
		}
		if (time != null) {
			record.headers().add(CloudEventHeaders.TIME, time.getBytes(StandardCharsets.UTF_8));
		}
		return record;
	}

	private static String fileDeleted(String extra) {
		return "{\"fileId\":\"" + UUID.randomUUID() + "\",\"provider\":\"local\",\"bucket\":\"files\","
				+ "\"key\":\"uploads/" + UUID.randomUUID() + "\",\"deletedAt\":\"2026-11-29T10:00:00Z\"" + extra + "}";
	}

	@Test
	void readsHeadersAndWhereTheRecordCameFrom() {
		IncomingEvent event = this.reader
			.read(record("e-1", "files.metadata.FileDeleted.v1", "2026-11-29T10:00:00Z", fileDeleted("")));
		assertThat(event.id()).isEqualTo("e-1");
		assertThat(event.type()).isEqualTo("files.metadata.FileDeleted.v1");
		assertThat(event.time()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
		assertThat(event.key()).isEqualTo("key-1");
		assertThat(event.location()).isEqualTo("files.v1-2@42");
	}

	@Test
	void unknownFieldsAreIgnored() {
		IncomingEvent event = this.reader.read(record("e-1", "files.metadata.FileDeleted.v1", null,
				fileDeleted(",\"reason\":\"retention\",\"nested\":{\"a\":[1,2]}")));
		FileDeleted body = this.reader.body(event, FileDeleted.class);
		assertThat(body.provider()).isEqualTo("local");
	}

	@Test
	void refusesWhatNoConsumerCanActOn() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.reader.read(record(null, "t", null, "{}")))
			.withMessageContaining("ce_id");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.reader.read(record("x".repeat(129), "t", null, "{}")))
			.withMessageContaining("longer than 128");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.reader.read(record("id\n2", "t", null, "{}")));
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.reader.read(record("e", "t", "yesterday", "{}")))
			.withMessageContaining("ce_time");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.reader.read(record("e", "t", null, null)));
		IncomingEvent notJson = this.reader.read(record("e", "t", null, "{not json"));
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.reader.body(notJson, FileDeleted.class));
	}

}
