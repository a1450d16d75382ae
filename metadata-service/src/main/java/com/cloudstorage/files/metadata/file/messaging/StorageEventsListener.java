package com.cloudstorage.files.metadata.file.messaging;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.StoredObjectHashed;
import com.cloudstorage.files.kit.events.CloudEventReader;
import com.cloudstorage.files.kit.events.DeadLetters;
import com.cloudstorage.files.kit.events.EventTracing;
import com.cloudstorage.files.kit.events.IncomingEvent;
import com.cloudstorage.files.kit.events.InvalidEventException;
import com.cloudstorage.files.kit.events.PartitionOrder;
import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.metadata.DatabaseFailures;
import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.file.FileManagement;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies {@code StoredObjectHashed} from {@code storage.v1}: a file completed without a
 * SHA-256 ({@code FileAssembled}) takes the one storage-service computed, and
 * {@code FileUploaded} goes out. A tolerant reader (other types, such as
 * {@code StoredObjectMissing}, and unknown fields are ignored); applying is idempotent by
 * the file's state, so a redelivered record changes nothing. A record that can never be
 * applied goes to {@code storage.v1.dlt}; an unreachable database is waited for.
 */
@Component
class StorageEventsListener {

	private static final Logger LOG = LoggerFactory.getLogger(StorageEventsListener.class);

	private static final int ATTEMPTS = 5;

	private final FileManagement files;

	private final CloudEventReader reader;

	private final DeadLetters deadLetters;

	private final EventTracing tracing;

	private final PartitionOrder order;

	StorageEventsListener(FileManagement files, CloudEventReader reader, DeadLetters deadLetters, EventTracing tracing,
			PartitionOrder order) {
		this.files = files;
		this.reader = reader;
		this.deadLetters = deadLetters;
		this.tracing = tracing;
		this.order = order;
	}

	@KafkaListener(id = "storage-events", idIsGroup = false, topics = Topics.STORAGE)
	Mono<Void> onStorageEvent(ConsumerRecord<String, String> record) {
		String where = record.topic() + "-" + record.partition() + "@" + record.offset();
		String type = CloudEventReader.header(record, CloudEventHeaders.TYPE);
		if (!EventTypes.STORED_OBJECT_HASHED.equals(type)) {
			LOG.debug("Ignoring {} event at {}.", type, where);
			return Mono.empty();
		}
		Mono<Void> applied = Mono.defer(() -> apply(record))
			.retryWhen(Retry.backoff(ATTEMPTS - 1, Duration.ofMillis(200))
				.filter((ex) -> !(ex instanceof InvalidEventException) && !DatabaseFailures.isTransient(ex))
				.doBeforeRetryAsync((signal) -> Traced
					.log(() -> LOG.warn("Retrying storage event at {} after: {}", where, signal.failure().toString()))))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
				.maxBackoff(Duration.ofSeconds(10))
				.filter(DatabaseFailures::isTransient)
				.doBeforeRetryAsync((signal) -> Traced
					.log(() -> LOG.warn("Database unavailable for storage event at {}, retrying: {}", where,
							signal.failure().toString()))))
			.onErrorResume((ex) -> this.deadLetters.publish(record, new InvalidEventException(reason(ex))));
		return this.order.inOrder(record, this.tracing.consuming(record, applied));
	}

	private Mono<Void> apply(ConsumerRecord<String, String> record) {
		IncomingEvent incoming = this.reader.read(record);
		StoredObjectHashed event = this.reader.body(incoming, StoredObjectHashed.class);
		if (event.id() == null || event.provider() == null || event.key() == null || event.sha256() == null) {
			throw new InvalidEventException("StoredObjectHashed without id, provider, key or sha256");
		}
		return this.files.checksumComputed(event.id(), event.provider(), event.key(), event.size(), event.sha256())
			.onErrorMap(InvalidRequestException.class,
					(ex) -> new InvalidEventException(String.valueOf(ex.getMessage())))
			.then();
	}

	private static String reason(Throwable ex) {
		Throwable cause = Exceptions.unwrap(ex);
		if (Exceptions.isRetryExhausted(cause) && cause.getCause() != null) {
			return "gave up after repeated failures: " + cause.getCause().getClass().getSimpleName();
		}
		if (cause instanceof InvalidEventException) {
			return String.valueOf(cause.getMessage());
		}
		return "failed: " + cause.getClass().getSimpleName();
	}

}
