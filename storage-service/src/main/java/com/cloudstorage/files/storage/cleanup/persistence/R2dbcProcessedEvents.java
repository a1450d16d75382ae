package com.cloudstorage.files.storage.cleanup.persistence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import reactor.core.publisher.Mono;

import com.cloudstorage.files.storage.cleanup.ProcessedEvents;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** {@link ProcessedEvents} in the {@code processed_event} table. */
@Repository
class R2dbcProcessedEvents implements ProcessedEvents {

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	R2dbcProcessedEvents(DatabaseClient db, ReactiveTransactionManager transactionManager) {
		this.db = db;
		this.transactions = TransactionalOperator.create(transactionManager);
	}

	@Override
	public Mono<Boolean> contains(String eventId) {
		return this.db.sql("SELECT 1 FROM processed_event WHERE event_id = :id")
			.bind("id", eventId)
			.map((row) -> 1)
			.first()
			.hasElement();
	}

	@Override
	public Mono<Boolean> record(String eventId, String eventType, String provider, String key) {
		Mono<Long> inserted = this.db
			.sql("INSERT INTO processed_event (event_id, event_type, processed_at) VALUES (:id, :type, :at)"
					+ " ON CONFLICT (event_id) DO NOTHING")
			.bind("id", eventId)
			.bind("type", eventType)
			.bind("at", OffsetDateTime.now(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated();
		Mono<Long> forgotten = this.db
			.sql("DELETE FROM upload_session WHERE provider = :provider AND object_key = :key")
			.bind("provider", provider)
			.bind("key", key)
			.fetch()
			.rowsUpdated();
		return inserted.flatMap((rows) -> forgotten.thenReturn(rows > 0)).as(this.transactions::transactional);
	}

}
