package com.cloudstorage.files.kit.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A CloudEvent read from a Kafka record in binary mode: the {@code ce_*} headers, the key
 * and the JSON body, plus where it was read (for logs and dead letters).
 */
public record IncomingEvent(String id, String type, @Nullable String source, @Nullable Instant time,
		@Nullable String subject, @Nullable String key, String body, String topic, int partition, long offset) {

	/** {@code topic-partition@offset}, for log lines (never the body). */
	public String location() {
		return this.topic + "-" + this.partition + "@" + this.offset;
	}

}
