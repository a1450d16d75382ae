package com.cloudstorage.files.metadata.document.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.DocumentStatusChanged;
import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.document.DocumentManagement;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies {@code DocumentStatusChanged} from {@code documents.v1}. Returns a
 * {@link Mono}, so the container acknowledges a record only after its transaction
 * committed, without blocking the consumer thread.
 */
@Component
class DocumentEventsListener {

	private static final Logger LOG = LoggerFactory.getLogger(DocumentEventsListener.class);

	private final DocumentManagement documents;

	private final JsonMapper json;

	DocumentEventsListener(DocumentManagement documents, JsonMapper json) {
		this.documents = documents;
		this.json = json;
	}

	@KafkaListener(id = "documents", idIsGroup = false, topics = Topics.DOCUMENTS)
	Mono<Void> onDocumentEvent(ConsumerRecord<String, String> record) {
		String eventId = header(record, CloudEventHeaders.ID);
		DocumentStatusChanged event;
		try {
			event = this.json.readValue(record.value(), DocumentStatusChanged.class);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			// Not retriable: a broken record would block its partition forever.
			LOG.warn("Skipping unreadable record at {}-{}@{}.", record.topic(), record.partition(), record.offset());
			return Mono.empty();
		}
		if (eventId == null) {
			// No id to deduplicate on; the upsert is idempotent for a repeat of the same
			// status anyway.
			eventId = record.topic() + "-" + record.partition() + "-" + record.offset();
		}
		String id = eventId;
		return this.documents.apply(id, event.type(), event.name(), event.status(), time(record))
			.doOnNext((fresh) -> LOG.debug("Document event {} {}.", id, fresh ? "applied" : "already applied"))
			// A failed async listener result is acknowledged and dropped by the
			// container, so transient failures
			// (database down) are retried here until they pass: a document status is
			// never lost.
			.retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, java.time.Duration.ofMillis(200))
				.maxBackoff(java.time.Duration.ofSeconds(10))
				.filter((ex) -> !(ex instanceof InvalidRequestException))
				.doBeforeRetry(
						(signal) -> LOG.warn("Retrying document event {} after: {}", id, signal.failure().toString())))
			.onErrorResume(InvalidRequestException.class, (ex) -> {
				LOG.warn("Skipping invalid document event {}: {}", id, ex.getMessage());
				return Mono.empty();
			})
			.then();
	}

	private static @Nullable Instant time(ConsumerRecord<String, String> record) {
		String time = header(record, CloudEventHeaders.TIME);
		if (time == null) {
			return null;
		}
		try {
			return Instant.parse(time);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable String header(ConsumerRecord<String, String> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
