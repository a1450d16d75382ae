package com.cloudstorage.files.metadata.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.kit.events.EventTracing;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Publishes outbox rows to {@code files.v1} as CloudEvents (binary mode).
 * <ul>
 * <li>One relay at a time: each batch runs in a transaction that first takes a PostgreSQL
 * advisory lock; a replica that does not get it skips the poll. So rows leave in
 * {@code position} order whatever the number of replicas.</li>
 * <li>A file's rows are sent one after the other, each after the broker acknowledged the
 * previous one; a failed row stops its file's rows for this batch, not the others.</li>
 * <li>A row the broker refuses for good (too large, invalid) counts an attempt and is
 * parked after {@code max-attempts}, so it no longer holds up its file's later rows. A
 * broker that cannot be reached counts no attempt: that only delays events.</li>
 * <li>Each record carries the trace context of the request that committed its change as
 * {@code ce_traceparent} (when there was one), and is sent under a span of that
 * trace.</li>
 * <li>A row is marked published only after the broker acknowledged it (at least once;
 * consumers dedupe on {@code ce_id}). Published rows are pruned after
 * {@code retention}.</li>
 * </ul>
 */
public class OutboxRelay {

	private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

	static final String SOURCE = "/metadata-service";

	/** Advisory lock of the relay, class and key: "outbox", 1. */
	private static final int LOCK_CLASS = 0x6f757462;

	private static final int LOCK_KEY = 1;

	private static final int PRUNE_BATCH = 10_000;

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final KafkaTemplate<String, String> kafka;

	private final OutboxProperties properties;

	private final Counter published;

	private final Counter parked;

	private final EventTracing tracing;

	public OutboxRelay(DatabaseClient db, TransactionalOperator transactions, KafkaTemplate<String, String> kafka,
			OutboxProperties properties) {
		this(db, transactions, kafka, properties, new SimpleMeterRegistry());
	}

	public OutboxRelay(DatabaseClient db, TransactionalOperator transactions, KafkaTemplate<String, String> kafka,
			OutboxProperties properties, MeterRegistry meters) {
		this(db, transactions, kafka, properties, meters, EventTracing.untraced());
	}

	/**
	 * Counts published rows in {@code metadata.outbox.published} and rows parked for good
	 * in {@code metadata.outbox.parked}; each send continues the trace stored with its
	 * row.
	 */
	public OutboxRelay(DatabaseClient db, TransactionalOperator transactions, KafkaTemplate<String, String> kafka,
			OutboxProperties properties, MeterRegistry meters, EventTracing tracing) {
		this.db = db;
		this.tracing = tracing;
		this.transactions = transactions;
		this.kafka = kafka;
		this.properties = properties;
		this.published = meters.counter("metadata.outbox.published");
		this.parked = meters.counter("metadata.outbox.parked");
	}

	/**
	 * Sends one batch, unless another relay is sending one.
	 * @return how many rows were published; 0 when none waited, another relay held the
	 * lock or the broker could not be reached
	 */
	public Mono<Integer> relayOnce() {
		Mono<Integer> batch = this.db.sql("SELECT pg_try_advisory_xact_lock(:class, :key) AS locked")
			.bind("class", LOCK_CLASS)
			.bind("key", LOCK_KEY)
			.map((row) -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
			.one()
			.flatMap((locked) -> locked ? relayLocked() : Mono.just(0));
		return this.transactions.transactional(batch).onErrorResume((ex) -> {
			LOG.warn("Outbox relay could not publish, rows stay for the next attempt: {}", describe(ex));
			return Mono.just(0);
		});
	}

	/**
	 * Deletes rows published before {@code now - retention}, a bounded number per call.
	 * Unpublished and parked rows stay.
	 * @return how many rows were deleted
	 */
	public Mono<Long> prunePublished(Instant now) {
		return this.db.sql("""
				DELETE FROM outbox WHERE id IN (
				  SELECT id FROM outbox WHERE published_at < :before LIMIT :limit)""")
			.bind("before", now.minus(this.properties.retention()).atOffset(ZoneOffset.UTC))
			.bind("limit", PRUNE_BATCH)
			.fetch()
			.rowsUpdated()
			.doOnNext((count) -> {
				if (count > 0) {
					LOG.info("Pruned {} published outbox rows.", count);
				}
			});
	}

	private Mono<Integer> relayLocked() {
		return this.db
			.sql("""
					SELECT id, aggregate_id, event_type, payload::text AS payload, created_at, traceparent, attempts FROM outbox
					WHERE published_at IS NULL AND parked_at IS NULL ORDER BY position LIMIT :limit""")
			.bind("limit", this.properties.batchSize())
			.map((row) -> new Pending(new OutboxMessage(row.get("id", UUID.class), row.get("aggregate_id", UUID.class),
					row.get("event_type", String.class), row.get("payload", String.class),
					row.get("created_at", OffsetDateTime.class).toInstant(), row.get("traceparent", String.class)),
					row.get("attempts", Integer.class)))
			.all()
			.collectList()
			.flatMap((batch) -> batch.isEmpty() ? Mono.just(0) : send(batch));
	}

	private Mono<Integer> send(List<Pending> batch) {
		Map<UUID, List<Pending>> byFile = new LinkedHashMap<>();
		for (Pending pending : batch) {
			byFile.computeIfAbsent(pending.message().aggregateId(), (id) -> new ArrayList<>()).add(pending);
		}
		AtomicBoolean brokerUnreachable = new AtomicBoolean();
		return Flux.fromIterable(byFile.values())
			.flatMap((rows) -> sendInOrder(rows, brokerUnreachable))
			.collectList()
			.flatMap((outcomes) -> record(outcomes));
	}

	/** Sends a file's rows one after the other, stopping at the first failure. */
	private Flux<Outcome> sendInOrder(List<Pending> rows, AtomicBoolean brokerUnreachable) {
		return Flux.fromIterable(rows).concatMap((pending) -> {
			if (brokerUnreachable.get()) {
				return Mono.just(new Outcome(pending, null, true));
			}
			return sendOne(pending.message()).thenReturn(new Outcome(pending, null, false)).onErrorResume((ex) -> {
				boolean retriable = retriable(ex);
				if (retriable) {
					// Do not wait max.block.ms once more for every other row.
					brokerUnreachable.set(true);
				}
				return Mono.just(new Outcome(pending, ex, retriable));
			});
		}).takeUntil((outcome) -> outcome.failure() != null || outcome.skipped());
	}

	private Mono<Void> sendOne(OutboxMessage message) {
		// send() may wait for metadata (max.block.ms) when the broker is down: keep that
		// off event-loop threads.
		return this.tracing.publishing(message.traceparent(), Topics.FILES, () -> this.kafka.send(toRecord(message)))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(this.properties.sendTimeout())
			.then();
	}

	private Mono<Integer> record(List<Outcome> outcomes) {
		List<UUID> published = new ArrayList<>();
		Mono<Void> failures = Mono.empty();
		for (Outcome outcome : outcomes) {
			if (outcome.failure() == null && !outcome.skipped()) {
				published.add(outcome.pending().message().id());
			}
			else if (outcome.failure() != null && !outcome.skipped()) {
				failures = failures.then(countFailedAttempt(outcome.pending(), outcome.failure()));
			}
			else if (outcome.failure() != null) {
				LOG.warn("Outbox relay could not reach the broker, rows stay for the next attempt: {}",
						describe(outcome.failure()));
			}
		}
		return markPublished(published).then(failures).thenReturn(published.size());
	}

	private Mono<Void> countFailedAttempt(Pending pending, Throwable failure) {
		int attempts = pending.attempts() + 1;
		boolean park = attempts >= this.properties.maxAttempts();
		UUID id = pending.message().id();
		String error = rootCause(failure).getClass().getName();
		if (park) {
			LOG.error("Parked outbox row {} of {} after {} failed attempts: {}", id, pending.message().aggregateId(),
					attempts, describe(failure));
		}
		else {
			LOG.warn("Outbox row {} failed (attempt {} of {}): {}", id, attempts, this.properties.maxAttempts(),
					describe(failure));
		}
		return this.db.sql("""
				UPDATE outbox SET attempts = :attempts, last_error = :error,
				parked_at = CASE WHEN :park THEN now() ELSE NULL END WHERE id = :id""")
			.bind("attempts", attempts)
			.bind("error", error.substring(0, Math.min(error.length(), 255)))
			.bind("park", park)
			.bind("id", id)
			.then()
			.doOnSuccess((done) -> {
				if (park) {
					this.parked.increment();
				}
			});
	}

	private Mono<Void> markPublished(List<UUID> ids) {
		if (ids.isEmpty()) {
			return Mono.empty();
		}
		return this.db.sql("UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)")
			.bind("ids", ids.toArray(UUID[]::new))
			.then()
			.doOnSuccess((ignored) -> {
				this.published.increment(ids.size());
				LOG.debug("Published {} outbox events.", ids.size());
			});
	}

	/** The broker could not be reached or did not answer in time: no fault of the row. */
	static boolean retriable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException) {
				return true;
			}
		}
		return false;
	}

	static ProducerRecord<String, String> toRecord(OutboxMessage message) {
		RecordHeaders headers = new RecordHeaders();
		header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
		header(headers, CloudEventHeaders.ID, message.id().toString());
		header(headers, CloudEventHeaders.SOURCE, SOURCE);
		header(headers, CloudEventHeaders.TYPE, message.eventType());
		header(headers, CloudEventHeaders.TIME,
				DateTimeFormatter.ISO_INSTANT.format(message.createdAt().atOffset(ZoneOffset.UTC)));
		header(headers, CloudEventHeaders.SUBJECT, message.aggregateId().toString());
		header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
		EventTracing.writeTo(headers, message.traceparent());
		String key = message.aggregateId().toString();
		return new ProducerRecord<>(Topics.FILES, null, key, message.payload(), headers);
	}

	private static void header(RecordHeaders headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String describe(Throwable ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		// Exception messages from the producer name topics and brokers, never record
		// values.
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

	private record Pending(OutboxMessage message, int attempts) {
	}

	/**
	 * @param failure why the send failed, or {@code null} when it was acknowledged
	 * @param skipped not sent (or failed) because the broker is unreachable
	 */
	private record Outcome(Pending pending, @Nullable Throwable failure, boolean skipped) {
	}

}
