package com.cloudstorage.files.storage.cleanup.messaging;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a consumed record into text for the retry table and back, so that a cleanup that
 * fails for good after hours is dead-lettered exactly as it arrived.
 */
final class OriginalRecords {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private OriginalRecords() {
	}

	static String write(ConsumerRecord<String, String> record) {
		List<Stored.Field> headers = new ArrayList<>();
		for (Header header : record.headers()) {
			headers.add(new Stored.Field(header.key(),
					(header.value() != null) ? Base64.getEncoder().encodeToString(header.value()) : null));
		}
		return JSON.writeValueAsString(new Stored(record.topic(), record.partition(), record.offset(),
				record.timestamp(), record.key(), record.value(), headers));
	}

	static ConsumerRecord<String, String> read(String text) {
		Stored stored = JSON.readValue(text, Stored.class);
		RecordHeaders headers = new RecordHeaders();
		for (Stored.Field field : stored.headers()) {
			headers.add(field.name(), (field.value() != null) ? Base64.getDecoder().decode(field.value()) : null);
		}
		return new ConsumerRecord<>(stored.topic(), stored.partition(), stored.offset(), stored.timestamp(),
				TimestampType.CREATE_TIME, -1, -1, stored.key(), stored.value(), headers, Optional.empty());
	}

	record Stored(String topic, int partition, long offset, long timestamp, @Nullable String key,
			@Nullable String value, List<Field> headers) {

		record Field(String name, @Nullable String value) {
		}

	}

}
