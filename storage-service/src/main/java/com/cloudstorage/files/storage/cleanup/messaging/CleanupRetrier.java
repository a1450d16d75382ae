package com.cloudstorage.files.storage.cleanup.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.kit.events.EventConsumerPolicy;
import com.cloudstorage.files.kit.scheduling.ScheduledJob;
import com.cloudstorage.files.storage.cleanup.CleanupRetries;
import com.cloudstorage.files.storage.cleanup.ObjectCleanup;
import com.cloudstorage.files.storage.cleanup.PendingCleanup;
import com.cloudstorage.files.storage.cleanup.WorkerProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Drains the durable retry table: every due cleanup is tried again; a retriable failure
 * (provider still down) only pushes its next attempt back, up to
 * {@code files.storage.workers.retry.max-backoff} apart, with no limit on attempts; a
 * non-retriable one sends the original record to the DLT. The gauge
 * {@code storage.cleanup.parked} says how many cleanups wait; each failed durable attempt
 * counts in {@code events.retries} with {@code stage="durable"}.
 */
@Component
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('api')")
class CleanupRetrier {

	private static final Logger LOG = LoggerFactory.getLogger(CleanupRetrier.class);

	private final CleanupRetries retries;

	private final ObjectCleanup cleanup;

	private final DeadLetters deadLetters;

	private final WorkerProperties.Retry policy;

	private final Clock clock = Clock.systemUTC();

	private final AtomicLong parked = new AtomicLong();

	private final Counter durableRetries;

	CleanupRetrier(CleanupRetries retries, ObjectCleanup cleanup, DeadLetters deadLetters, WorkerProperties properties,
			MeterRegistry meters) {
		this.retries = retries;
		this.cleanup = cleanup;
		this.deadLetters = deadLetters;
		this.policy = properties.retry();
		meters.gauge("storage.cleanup.parked", this.parked);
		this.durableRetries = meters.counter(EventConsumerPolicy.RETRIES_METER, "topic", Topics.FILES, "stage",
				"durable");
	}

	@Bean
	ScheduledJob retryDueCleanups() {
		return ScheduledJob.every(this.policy.pollInterval(), "retry due cleanups", this::retryDue);
	}

	Mono<Void> retryDue() {
		Instant now = this.clock.instant();
		return this.retries.takeDue(now, now.plus(this.policy.lease()), this.policy.batchSize())
			.concatMap(this::retry)
			.then(this.retries.count())
			.doOnNext(this.parked::set)
			.then()
			.onErrorResume((ex) -> {
				LOG.warn("Could not read due cleanups: {}", ex.getMessage());
				return Mono.empty();
			});
	}

	private Mono<Void> retry(PendingCleanup pending) {
		int attempts = pending.attempts() + 1;
		return this.cleanup.removeAll(pending.eventId(), pending.eventType(), pending.provider(), pending.key())
			.then(this.retries.finished(pending.eventId()))
			.doOnSuccess((done) -> LOG.info("Cleanup of {} for event {} succeeded on durable attempt {}.",
					pending.key(), pending.eventId(), attempts))
			.onErrorResume((ex) -> {
				if (FileEventHandler.retriable(ex)) {
					this.durableRetries.increment();
					Instant next = this.clock.instant().plus(this.policy.backoff(attempts + 1));
					LOG.debug("Cleanup of {} failed again (attempt {}), next at {}: {}", pending.key(), attempts, next,
							ex.getMessage());
					return this.retries.failedAgain(pending.eventId(), attempts, next, String.valueOf(ex.getMessage()));
				}
				return this.deadLetters
					.publish(OriginalRecords.read(pending.originalRecord()), ex, DeadLetters.REASON_NON_RETRIABLE)
					.then(this.retries.finished(pending.eventId()));
			})
			// The lease runs out and another poll takes it again.
			.onErrorResume((ex) -> {
				LOG.warn("Could not record the outcome of cleanup {}: {}", pending.eventId(), ex.getMessage());
				return Mono.empty();
			});
	}

}
