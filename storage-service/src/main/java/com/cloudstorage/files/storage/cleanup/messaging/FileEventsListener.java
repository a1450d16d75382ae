package com.cloudstorage.files.storage.cleanup.messaging;

import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.FileDeleted;
import com.cloudstorage.files.contracts.events.v1.FileUploadExpired;
import com.cloudstorage.files.storage.cleanup.ObjectCleanup;
import com.cloudstorage.files.storage.object.ObjectStoreException;
import com.cloudstorage.files.storage.provider.StorageProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Removes a file's bytes when metadata-service says it was deleted or its upload expired.
 * Returns a future so that the consumer thread never blocks on S3; the container
 * acknowledges the record when it completes.
 * <p>
 * Failures are handled here, not by the container: spring-kafka 4.0 only logs and
 * acknowledges a failed async result unless {@code @RetryableTopic} is used. So a
 * resilience4j {@link Retry} with exponential backoff retries retriable failures
 * (provider or database down) up to {@code files.storage.cleanup.max-attempts}; then, or
 * at once for a record that can never succeed, the record goes to the dead-letter topic.
 * The future completes only after that, so no offset is committed past a record that is
 * neither applied nor dead-lettered.
 */
@Component
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('api')")
class FileEventsListener {

	private final ObjectCleanup cleanup;

	private final ObjectMapper json;

	private final DeadLetters deadLetters;

	private final Retry retry;

	FileEventsListener(ObjectCleanup cleanup, ObjectMapper json, DeadLetters deadLetters,
			StorageProperties properties) {
		this.cleanup = cleanup;
		this.json = json;
		this.deadLetters = deadLetters;
		StorageProperties.Cleanup policy = properties.cleanup();
		this.retry = Retry.of("file-events",
				RetryConfig.custom()
					.maxAttempts(policy.maxAttempts())
					.intervalFunction(IntervalFunction.ofExponentialBackoff(policy.initialBackoff(),
							policy.multiplier(), policy.maxBackoff()))
					.retryOnException(FileEventsListener::retriable)
					.failAfterMaxAttempts(false)
					.build());
	}

	static boolean retriable(Throwable ex) {
		if (ex instanceof InvalidEventException) {
			return false;
		}
		// Our own store failures say whether they are worth retrying; anything else
		// (database, network) is.
		return !(ex instanceof ObjectStoreException storeFailure) || storeFailure.retriable();
	}

	@KafkaListener(id = "storage-file-events", idIsGroup = false, topics = Topics.FILES,
			groupId = "${spring.application.name}")
	CompletableFuture<Void> onFileEvent(ConsumerRecord<String, String> record) {
		return Mono.defer(() -> apply(record))
			.transformDeferred(RetryOperator.of(this.retry))
			.onErrorResume((ex) -> this.deadLetters.publish(record, ex))
			.toFuture();
	}

	private Mono<Void> apply(ConsumerRecord<String, String> record) {
		String type = DeadLetters.header(record, CloudEventHeaders.TYPE);
		if (!EventTypes.FILE_DELETED.equals(type) && !EventTypes.FILE_UPLOAD_EXPIRED.equals(type)) {
			return Mono.empty();
		}
		String id = DeadLetters.header(record, CloudEventHeaders.ID);
		if (id == null || id.isBlank()) {
			return Mono.error(new InvalidEventException("Event without " + CloudEventHeaders.ID));
		}
		Target target;
		try {
			target = target(type, record.value());
		}
		catch (InvalidEventException ex) {
			return Mono.error(ex);
		}
		return this.cleanup.removeAll(id, type, target.provider(), target.bucket(), target.key()).then();
	}

	private Target target(String type, @Nullable String value) {
		if (value == null) {
			throw new InvalidEventException("Event without a body");
		}
		try {
			Target target;
			if (EventTypes.FILE_DELETED.equals(type)) {
				FileDeleted event = this.json.readValue(value, FileDeleted.class);
				target = new Target(event.provider(), event.bucket(), event.key());
			}
			else {
				FileUploadExpired event = this.json.readValue(value, FileUploadExpired.class);
				target = new Target(event.provider(), event.bucket(), event.key());
			}
			if (target.provider() == null || target.provider().isBlank() || target.key() == null
					|| target.key().isBlank()) {
				throw new InvalidEventException("Event without provider or key");
			}
			return target;
		}
		catch (JacksonException ex) {
			throw new InvalidEventException("Event body is not valid JSON for " + type, ex);
		}
	}

	private record Target(@Nullable String provider, @Nullable String bucket, @Nullable String key) {
	}

}
