package com.cloudstorage.files.metadata.outbox;

import java.util.UUID;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Records events next to the state change that caused them. Call it inside the caller's
 * transaction: the row commits or rolls back with the change, so there is never a change
 * without its event nor an event without its change.
 */
@Component
public class Outbox {

	private final DatabaseClient db;

	private final JsonMapper json;

	public Outbox(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * Appends an event.
	 * @param aggregateId the file id; must not be {@literal null}
	 * @param eventType the CloudEvents type from {@code EventTypes}
	 * @param payload a contracts record, serialized as JSON
	 */
	public Mono<Void> append(UUID aggregateId, String eventType, Object payload) {
		return Mono.fromCallable(() -> this.json.writeValueAsString(payload))
			.flatMap((body) -> this.db.sql("""
					INSERT INTO outbox (id, aggregate_id, event_type, payload, created_at)
					VALUES (:id, :aggregateId, :eventType, CAST(:payload AS jsonb), clock_timestamp())""")
				.bind("id", UUID.randomUUID())
				.bind("aggregateId", aggregateId)
				.bind("eventType", eventType)
				.bind("payload", body)
				.then());
	}

}
