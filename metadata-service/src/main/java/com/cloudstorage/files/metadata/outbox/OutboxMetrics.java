package com.cloudstorage.files.metadata.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.scheduling.ScheduledJob;

import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The outbox's backlog as gauges: {@value #BACKLOG} (rows waiting to be published, not
 * parked; counted up to {@value #COUNT_LIMIT}) and {@value #OLDEST_AGE} (seconds since
 * the oldest of them was written; 0 when none waits). One bounded query on the pending
 * index every {@code files.metadata.outbox.metrics-interval}, not one per scrape; the age
 * keeps growing between refreshes. Runs on every replica, relay or not.
 */
@Component
class OutboxMetrics {

	static final String BACKLOG = "metadata.outbox.backlog";

	static final String OLDEST_AGE = "metadata.outbox.oldest.age";

	static final int COUNT_LIMIT = 100_000;

	private static final Logger LOG = LoggerFactory.getLogger(OutboxMetrics.class);

	private final DatabaseClient db;

	private final Clock clock = Clock.systemUTC();

	private final AtomicLong backlog = new AtomicLong();

	private final AtomicReference<@Nullable Instant> oldest = new AtomicReference<>();

	OutboxMetrics(DatabaseClient db, MeterRegistry meters) {
		this.db = db;
		Gauge.builder(BACKLOG, this.backlog, AtomicLong::get)
			.description("Outbox rows waiting to be published (parked rows excluded)")
			.register(meters);
		Gauge.builder(OLDEST_AGE, this, OutboxMetrics::oldestAgeSeconds)
			.description("Age of the oldest outbox row waiting to be published")
			.baseUnit("seconds")
			.register(meters);
	}

	@Bean
	ScheduledJob measureOutbox(OutboxProperties properties) {
		return ScheduledJob.every(properties.metricsInterval(), "measure the outbox", this::refresh)
			.startingAfter(Duration.ZERO);
	}

	Mono<Void> refresh() {
		return measure().onErrorResume((ex) -> {
			// The last values stay: a database that is down shows in the health and
			// request meters, not as an empty outbox.
			LOG.debug("Could not measure the outbox: {}", ex.toString());
			return Mono.empty();
		});
	}

	Mono<Void> measure() {
		return this.db.sql("""
				SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE published_at IS NULL AND parked_at IS NULL
				          LIMIT :limit) pending) AS backlog,
				       (SELECT created_at FROM outbox WHERE published_at IS NULL AND parked_at IS NULL
				          ORDER BY position LIMIT 1) AS oldest""")
			.bind("limit", COUNT_LIMIT)
			.map((row) -> new Measured(row.get("backlog", Long.class), row.get("oldest", OffsetDateTime.class)))
			.one()
			.doOnNext((measured) -> {
				this.backlog.set((measured.backlog() != null) ? measured.backlog() : 0);
				this.oldest.set((measured.oldest() != null) ? measured.oldest().toInstant() : null);
			})
			.then();
	}

	private double oldestAgeSeconds() {
		Instant since = this.oldest.get();
		if (since == null) {
			return 0;
		}
		return Math.max(0, Duration.between(since, this.clock.instant()).toMillis() / 1000.0);
	}

	private record Measured(@Nullable Long backlog, @Nullable OffsetDateTime oldest) {
	}

}
