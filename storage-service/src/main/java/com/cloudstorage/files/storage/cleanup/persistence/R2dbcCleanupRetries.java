package com.cloudstorage.files.storage.cleanup.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.storage.cleanup.CleanupRetries;
import com.cloudstorage.files.storage.cleanup.PendingCleanup;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** {@link CleanupRetries} in the {@code cleanup_retry} table. */
@Repository
class R2dbcCleanupRetries implements CleanupRetries {

	// Reasons are exception messages of our own adapters; bounded so a long one cannot
	// bloat the row.
	private static final int MAX_REASON = 500;

	private final DatabaseClient db;

	R2dbcCleanupRetries(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Void> park(PendingCleanup cleanup, Instant nextAttemptAt, String reason) {
		return this.db
			.sql("INSERT INTO cleanup_retry (event_id, event_type, provider, object_key, attempts, next_attempt_at,"
					+ " parked_at, last_error, original_record) VALUES (:id, :type, :provider, :key, :attempts, :next,"
					+ " :now, :reason, :record) ON CONFLICT (event_id) DO NOTHING")
			.bind("id", cleanup.eventId())
			.bind("type", cleanup.eventType())
			.bind("provider", cleanup.provider())
			.bind("key", cleanup.key())
			.bind("attempts", cleanup.attempts())
			.bind("next", at(nextAttemptAt))
			.bind("now", OffsetDateTime.now(ZoneOffset.UTC))
			.bind("reason", bounded(reason))
			.bind("record", cleanup.originalRecord())
			.then();
	}

	@Override
	public Flux<PendingCleanup> takeDue(Instant now, Instant leaseUntil, int limit) {
		return this.db
			.sql("UPDATE cleanup_retry SET next_attempt_at = :lease WHERE event_id IN (SELECT event_id FROM"
					+ " cleanup_retry WHERE next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit"
					+ " FOR UPDATE SKIP LOCKED)"
					+ " RETURNING event_id, event_type, provider, object_key, attempts, original_record")
			.bind("lease", at(leaseUntil))
			.bind("now", at(now))
			.bind("limit", limit)
			.map((row) -> new PendingCleanup(row.get("event_id", String.class), row.get("event_type", String.class),
					row.get("provider", String.class), row.get("object_key", String.class),
					row.get("attempts", Integer.class), row.get("original_record", String.class)))
			.all();
	}

	@Override
	public Mono<Void> failedAgain(String eventId, int attempts, Instant nextAttemptAt, String reason) {
		return this.db
			.sql("UPDATE cleanup_retry SET attempts = :attempts, next_attempt_at = :next, last_error = :reason"
					+ " WHERE event_id = :id")
			.bind("attempts", attempts)
			.bind("next", at(nextAttemptAt))
			.bind("reason", bounded(reason))
			.bind("id", eventId)
			.then();
	}

	@Override
	public Mono<Void> finished(String eventId) {
		return this.db.sql("DELETE FROM cleanup_retry WHERE event_id = :id").bind("id", eventId).then();
	}

	@Override
	public Mono<Long> count() {
		return this.db.sql("SELECT count(*) AS n FROM cleanup_retry").map((row) -> row.get("n", Long.class)).one();
	}

	private static OffsetDateTime at(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static String bounded(String reason) {
		return (reason.length() > MAX_REASON) ? reason.substring(0, MAX_REASON) : reason;
	}

}
