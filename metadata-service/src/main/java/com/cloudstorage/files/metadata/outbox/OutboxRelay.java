package com.cloudstorage.files.metadata.outbox;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.Topics;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Publishes outbox rows to {@code files.v1} as CloudEvents (binary mode). Rows are locked
 * with {@code FOR UPDATE SKIP LOCKED}, so replicas never send the same row at the same
 * time; a row is marked published only after the broker acknowledged it, so a broker
 * outage only delays events (at least once, consumers dedupe on {@code ce_id}).
 */
public class OutboxRelay {

	private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

	static final String SOURCE = "/metadata-service";

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final KafkaTemplate<String, String> kafka;

	private final OutboxProperties properties;

	public OutboxRelay(DatabaseClient db, TransactionalOperator transactions, KafkaTemplate<String, String> kafka,
			OutboxProperties properties) {
		this.db = db;
		this.transactions = transactions;
		this.kafka = kafka;
		this.properties = properties;
	}

	/**
	 * Sends one batch.
	 * @return how many rows were published; 0 when none waited or the broker could not be
	 * reached
	 */
	public Mono<Integer> relayOnce() {
		Mono<Integer> batch = this.db.sql("""
				SELECT id, aggregate_id, event_type, payload::text AS payload, created_at FROM outbox
				WHERE published_at IS NULL ORDER BY position LIMIT :limit FOR UPDATE SKIP LOCKED""")
			.bind("limit", this.properties.batchSize())
			.map((row) -> new OutboxMessage(row.get("id", UUID.class), row.get("aggregate_id", UUID.class),
					row.get("event_type", String.class), row.get("payload", String.class),
					row.get("created_at", OffsetDateTime.class).toInstant()))
			.all()
			.collectList()
			.flatMap((messages) -> messages.isEmpty() ? Mono.just(0)
					: send(messages).then(markPublished(messages)).thenReturn(messages.size()));
		return this.transactions.transactional(batch).onErrorResume((ex) -> {
			LOG.warn("Outbox relay could not publish, rows stay for the next attempt: {}", describe(ex));
			return Mono.just(0);
		});
	}

	private Mono<Void> send(List<OutboxMessage> messages) {
		// send() may wait for metadata (max.block.ms) when the broker is down: keep that
		// off event-loop threads.
		return Mono.fromCallable(() -> sendUntilFirstFailure(messages))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((futures) -> Mono.fromFuture(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))))
			.timeout(this.properties.sendTimeout());
	}

	private List<CompletableFuture<?>> sendUntilFirstFailure(List<OutboxMessage> messages) {
		List<CompletableFuture<?>> futures = new ArrayList<>(messages.size());
		for (OutboxMessage message : messages) {
			CompletableFuture<?> future = this.kafka.send(toRecord(message));
			futures.add(future);
			if (future.isCompletedExceptionally()) {
				// The broker is unreachable: do not wait max.block.ms once more for every
				// other row.
				break;
			}
		}
		return futures;
	}

	private Mono<Void> markPublished(List<OutboxMessage> messages) {
		UUID[] ids = messages.stream().map(OutboxMessage::id).toArray(UUID[]::new);
		return this.db.sql("UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)")
			.bind("ids", ids)
			.then()
			.doOnSuccess((ignored) -> LOG.debug("Published {} outbox events.", messages.size()));
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
		String key = message.aggregateId().toString();
		return new ProducerRecord<>(Topics.FILES, null, key, message.payload(), headers);
	}

	private static void header(RecordHeaders headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String describe(Throwable ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		// Exception messages from the producer name topics and brokers, never record
		// values.
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}
