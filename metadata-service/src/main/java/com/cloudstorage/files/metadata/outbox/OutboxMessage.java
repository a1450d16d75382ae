package com.cloudstorage.files.metadata.outbox;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One event waiting in the outbox.
 *
 * @param id the event id, sent as {@code ce_id}
 * @param aggregateId the file id: Kafka key and {@code ce_subject}
 * @param eventType the {@code ce_type}
 * @param payload the JSON body
 * @param createdAt when the state change committed, sent as {@code ce_time}
 * @param traceparent the W3C trace context of the request that made the change, sent as
 * {@code ce_traceparent}; {@code null} when it had none
 */
public record OutboxMessage(UUID id, UUID aggregateId, String eventType, String payload, Instant createdAt,
		@Nullable String traceparent) {

	public OutboxMessage(UUID id, UUID aggregateId, String eventType, String payload, Instant createdAt) {
		this(id, aggregateId, eventType, payload, createdAt, null);
	}

}
