package com.cloudstorage.files.metadata.outbox;

import java.util.Optional;
import java.util.UUID;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.kit.events.EventTracing;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
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

	private final EventTracing tracing;

	public Outbox(DatabaseClient db, JsonMapper json, EventTracing tracing) {
		this.db = db;
		this.json = json;
		this.tracing = tracing;
	}

	/**
	 * Appends an event, with the caller's trace context ({@code traceparent} only) so the
	 * event's consumers continue the caller's trace.
	 * @param aggregateId the file id; must not be {@literal null}
	 * @param eventType the CloudEvents type from {@code EventTypes}
	 * @param payload a contracts record, serialized as JSON
	 */
	public Mono<Void> append(UUID aggregateId, String eventType, Object payload) {
		return Mono.fromCallable(() -> this.json.writeValueAsString(payload))
			.zipWith(this.tracing.currentTraceparent())
			.flatMap((bodyAndTrace) -> {
				GenericExecuteSpec insert = this.db
					.sql("""
							INSERT INTO outbox (id, aggregate_id, event_type, payload, created_at, traceparent)
							VALUES (:id, :aggregateId, :eventType, CAST(:payload AS jsonb), clock_timestamp(), :traceparent)""")
					.bind("id", UUID.randomUUID())
					.bind("aggregateId", aggregateId)
					.bind("eventType", eventType)
					.bind("payload", bodyAndTrace.getT1());
				Optional<String> traceparent = bodyAndTrace.getT2();
				return (traceparent.isPresent() ? insert.bind("traceparent", traceparent.get())
						: insert.bindNull("traceparent", String.class))
					.then();
			});
	}

}
