package com.cloudstorage.files.storage.cleanup;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cleanups parked after a retriable failure, so that a provider outage of any length
 * neither loses them nor holds up the topic.
 */
public interface CleanupRetries {

	/** Parks a cleanup; a second park of the same event id keeps the first. */
	Mono<Void> park(PendingCleanup cleanup, Instant nextAttemptAt, String reason);

	/**
	 * Takes up to {@code limit} due cleanups and leases them until {@code leaseUntil}, so
	 * that no other worker takes them meanwhile.
	 */
	Flux<PendingCleanup> takeDue(Instant now, Instant leaseUntil, int limit);

	/** Records one more failed attempt and when to try again. */
	Mono<Void> failedAgain(String eventId, int attempts, Instant nextAttemptAt, String reason);

	/** Forgets the cleanup: it was applied or dead-lettered. */
	Mono<Void> finished(String eventId);

	Mono<Long> count();

}
