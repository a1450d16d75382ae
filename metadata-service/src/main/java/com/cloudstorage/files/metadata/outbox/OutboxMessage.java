package com.cloudstorage.files.metadata.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * One event waiting in the outbox.
 *
 * @param id the event id, sent as {@code ce_id}
 * @param aggregateId the file id: Kafka key and {@code ce_subject}
 * @param eventType the {@code ce_type}
 * @param payload the JSON body
 * @param createdAt when the state change committed, sent as {@code ce_time}
 */
public record OutboxMessage(UUID id, UUID aggregateId, String eventType, String payload, Instant createdAt) {
}
