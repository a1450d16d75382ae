package com.cloudstorage.files.kit.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.contracts.CloudEventHeaders;

/**
 * Reads CloudEvents from Kafka records as a tolerant reader: unknown fields are ignored
 * (producers evolve contracts additively within v1); only what a consumer cannot act on
 * is rejected, as an {@link InvalidEventException}.
 */
public final class CloudEventReader {

	/** Longer ids are not ours: a deduplication key must stay small. */
	public static final int MAX_ID_LENGTH = 128;

	public static final int MAX_TYPE_LENGTH = 256;

	private final JsonMapper json;

	public CloudEventReader(JsonMapper json) {
		this.json = json.rebuild()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
			.build();
	}

	public IncomingEvent read(ConsumerRecord<String, String> record) {
		String id = required(record, CloudEventHeaders.ID, MAX_ID_LENGTH);
		String type = required(record, CloudEventHeaders.TYPE, MAX_TYPE_LENGTH);
		if (record.value() == null) {
			throw new InvalidEventException("Event " + id + " has no body");
		}
		return new IncomingEvent(id, type, header(record, CloudEventHeaders.SOURCE), time(record),
				header(record, CloudEventHeaders.SUBJECT), record.key(), record.value(), record.topic(),
				record.partition(), record.offset());
	}

	/** The body as the given record type; unknown fields are ignored. */
	public <T> T body(IncomingEvent event, Class<T> type) {
		try {
			T body = this.json.readValue(event.body(), type);
			if (body == null) {
				throw new InvalidEventException("Event " + event.id() + " has an empty body");
			}
			return body;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new InvalidEventException("Event " + event.id() + " is not a readable " + type.getSimpleName(), ex);
		}
	}

	/** A header as text, or {@code null} when absent. */
	public static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static String required(ConsumerRecord<?, ?> record, String name, int maxLength) {
		String value = header(record, name);
		if (value == null || value.isBlank()) {
			throw new InvalidEventException("Record without " + name);
		}
		if (value.length() > maxLength) {
			throw new InvalidEventException(name + " is longer than " + maxLength + " characters");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				throw new InvalidEventException(name + " contains control characters");
			}
		}
		return value;
	}

	private static @Nullable Instant time(ConsumerRecord<?, ?> record) {
		String time = header(record, CloudEventHeaders.TIME);
		if (time == null) {
			return null;
		}
		try {
			return Instant.parse(time);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidEventException(CloudEventHeaders.TIME + " is not an RFC 3339 time", ex);
		}
	}

}
