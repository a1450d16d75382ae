package com.cloudstorage.files.metadata.document.messaging;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.DocumentStatusChanged;
import com.cloudstorage.files.kit.events.CloudEventReader;
import com.cloudstorage.files.kit.events.DeadLetters;
import com.cloudstorage.files.kit.events.EventTracing;
import com.cloudstorage.files.kit.events.IncomingEvent;
import com.cloudstorage.files.kit.events.InvalidEventException;
import com.cloudstorage.files.kit.events.PartitionOrder;
import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.metadata.DatabaseFailures;
import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.MetadataProperties;
import com.cloudstorage.files.metadata.document.DocumentManagement;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies {@code DocumentStatusChanged} from {@code documents.v1}. Returns a
 * {@link Mono}, so the container acknowledges a record only after its transaction
 * committed (or it was dead-lettered), without blocking the consumer thread.
 * <p>
 * Failure policy: a tolerant reader (unknown fields are ignored, other event types are
 * skipped); a record that can never be applied (unreadable, invalid, over-long
 * {@code ce_id}, absurd {@code ce_time}) goes at once to {@value #DEAD_LETTER_TOPIC} with
 * the reason in the {@value #REASON_HEADER} header; any other failure is tried
 * {@code max-attempts} times, then dead-lettered; the database being unreachable is
 * retried until it is back, because that is no fault of the record.
 */
@Component
class DocumentEventsListener {

	/**
	 * Documents' dead letters. Lives here until contracts' {@code Topics} has it.
	 */
	static final String DEAD_LETTER_TOPIC = Topics.DOCUMENTS_DEAD_LETTER;

	static final String REASON_HEADER = DeadLetters.REASON_HEADER;

	private static final Logger LOG = LoggerFactory.getLogger(DocumentEventsListener.class);

	private final DocumentManagement documents;

	private final CloudEventReader reader;

	private final DeadLetters deadLetters;

	private final MetadataProperties.DocumentSettings settings;

	private final EventTracing tracing;

	private final PartitionOrder order;

	DocumentEventsListener(DocumentManagement documents, CloudEventReader reader, DeadLetters deadLetters,
			MetadataProperties properties, EventTracing tracing, PartitionOrder order) {
		this.tracing = tracing;
		this.order = order;
		this.documents = documents;
		// The kit's tolerant reader: unknown fields ignored, ce_id/ce_type/ce_time
		// checked.
		this.reader = reader;
		this.deadLetters = deadLetters;
		this.settings = properties.documents();
	}

	@KafkaListener(id = "documents", idIsGroup = false, topics = Topics.DOCUMENTS)
	Mono<Void> onDocumentEvent(ConsumerRecord<String, String> record) {
		String where = record.topic() + "-" + record.partition() + "@" + record.offset();
		String type = header(record, CloudEventHeaders.TYPE);
		if (type != null && !type.equals(EventTypes.DOCUMENT_STATUS_CHANGED)) {
			LOG.debug("Ignoring {} event at {}.", type, where);
			return Mono.empty();
		}
		// Under the trace of the ERP's change when it sends ce_traceparent (or
		// traceparent).
		Mono<Void> applied = Mono.defer(() -> apply(record, where))
			.retryWhen(Retry.backoff(this.settings.maxAttempts() - 1, Duration.ofMillis(200))
				.filter((ex) -> !(ex instanceof PoisonRecordException) && !DatabaseFailures.isTransient(ex))
				.doBeforeRetryAsync((signal) -> Traced.log(
						() -> LOG.warn("Retrying document event at {} after: {}", where, signal.failure().toString()))))
			// A failed async listener result would be acknowledged and dropped by the
			// container: an unreachable database is retried here until it is back.
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
				.maxBackoff(Duration.ofSeconds(10))
				.filter(DatabaseFailures::isTransient)
				.doBeforeRetryAsync((signal) -> Traced
					.log(() -> LOG.warn("Database unavailable for document event at {}, retrying: {}", where,
							signal.failure().toString()))))
			.onErrorResume((ex) -> deadLetter(record, where, reason(ex)));
		return this.order.inOrder(record, this.tracing.consuming(record, applied));
	}

	private Mono<Void> apply(ConsumerRecord<String, String> record, String where) {
		IncomingEvent incoming;
		DocumentStatusChanged event;
		try {
			incoming = this.reader.read(record);
			event = this.reader.body(incoming, DocumentStatusChanged.class);
		}
		catch (InvalidEventException ex) {
			throw new PoisonRecordException(ex.getMessage());
		}
		String id = incoming.id();
		return this.documents.apply(id, event.type(), event.name(), event.status(), incoming.time())
			.doOnEach(Traced
				.onNext((fresh) -> LOG.debug("Document event {} {}.", id, fresh ? "applied" : "already applied")))
			.onErrorMap(InvalidRequestException.class, (ex) -> new PoisonRecordException(ex.getMessage()))
			.then();
	}

	private Mono<Void> deadLetter(ConsumerRecord<String, String> record, String where, String reason) {
		// The kit's dead letter: original key, value and headers, the reason in
		// dlt_reason, where it came from in kafka_dlt-*; not acknowledged until stored.
		return this.deadLetters.publish(record, new InvalidEventException(reason));
	}

	private static String reason(Throwable ex) {
		Throwable cause = Exceptions.unwrap(ex);
		if (Exceptions.isRetryExhausted(cause) && cause.getCause() != null) {
			cause = cause.getCause();
			return "gave up after repeated failures: " + cause.getClass().getSimpleName();
		}
		if (cause instanceof PoisonRecordException) {
			return cause.getMessage();
		}
		// Exception messages may quote values; the class names the kind of failure.
		return "failed: " + cause.getClass().getSimpleName();
	}

	private static @Nullable String header(ConsumerRecord<String, String> record, String name) {
		return CloudEventReader.header(record, name);
	}

	/** A record that can never be applied, whatever is retried. */
	static final class PoisonRecordException extends RuntimeException {

		PoisonRecordException(@Nullable String reason) {
			super(reason);
		}

	}

}
