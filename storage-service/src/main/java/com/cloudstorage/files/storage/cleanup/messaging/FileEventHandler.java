package com.cloudstorage.files.storage.cleanup.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.StoredObjectHashed;
import com.cloudstorage.files.kit.events.EventConsumerPolicy;
import com.cloudstorage.files.kit.events.InvalidEventException;
import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.storage.cleanup.ChecksumEvents;
import com.cloudstorage.files.storage.cleanup.CleanupRetries;
import com.cloudstorage.files.storage.cleanup.FileCatalogue;
import com.cloudstorage.files.storage.cleanup.ObjectCleanup;
import com.cloudstorage.files.storage.cleanup.PendingCleanup;
import com.cloudstorage.files.storage.cleanup.StorageKeys;
import com.cloudstorage.files.storage.cleanup.WorkerProperties;
import com.cloudstorage.files.storage.object.MultipartUploads;
import com.cloudstorage.files.storage.object.NoSuchObjectException;
import com.cloudstorage.files.storage.object.ObjectStoreException;
import com.cloudstorage.files.storage.provider.StorageProperties;

import org.springframework.stereotype.Component;

/**
 * Applies one {@code files.v1} record; used by the listener and by the dead-letter
 * replay. The returned {@link Mono} completes once the record is safe: applied, parked in
 * the durable retry table, or dead-lettered. It fails only if that cannot be made durable
 * (database and broker both unreachable), and then retries by itself.
 * <ul>
 * <li>records it cannot act on (unreadable, missing or over-long {@code ce_id}, bad ids,
 * an untrusted target) go to {@code files.v1.dlt} at once;</li>
 * <li>a removal is tried a few times in memory
 * ({@code files.storage.cleanup.max-attempts}); if it still fails for a retriable reason
 * it is parked in {@code cleanup_retry}, which {@link CleanupRetrier} drains with backoff
 * for as long as it takes;</li>
 * <li>a removal that fails for a non-retriable reason goes to the DLT.</li>
 * </ul>
 */
@Component
class FileEventHandler {

	private static final Logger LOG = LoggerFactory.getLogger(FileEventHandler.class);

	// Only the database or the broker can make these fail; both are needed for anything
	// to progress, so waiting for them (without a limit) is all there is to do.
	private static final reactor.util.retry.Retry UNTIL_DURABLE = reactor.util.retry.Retry
		.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
		.maxBackoff(Duration.ofSeconds(30))
		.doBeforeRetryAsync((signal) -> Traced.log(() -> LOG
			.warn("Could not make an event's outcome durable, retrying: {}", signal.failure().getMessage())));

	private final FileEventReader reader;

	private final FileCatalogue catalogue;

	private final ObjectCleanup cleanup;

	private final CleanupRetries retries;

	private final DeadLetters deadLetters;

	private final WorkerProperties.Retry durableRetry;

	private final Retry inMemoryRetry;

	private final Clock clock = Clock.systemUTC();

	private final MultipartUploads uploads;

	private final ChecksumEvents storageEvents;

	FileEventHandler(FileCatalogue catalogue, ObjectCleanup cleanup, CleanupRetries retries, DeadLetters deadLetters,
			StorageProperties storage, WorkerProperties workers, StorageKeys keys, MeterRegistry meters,
			MultipartUploads uploads, ChecksumEvents storageEvents) {
		this.uploads = uploads;
		this.storageEvents = storageEvents;
		Map<String, String> buckets = new LinkedHashMap<>();
		storage.providers().forEach((name, profile) -> buckets.put(name, profile.bucket()));
		this.reader = new FileEventReader(buckets, keys);
		this.catalogue = catalogue;
		this.cleanup = cleanup;
		this.retries = retries;
		this.deadLetters = deadLetters;
		this.durableRetry = workers.retry();
		StorageProperties.Cleanup policy = storage.cleanup();
		this.inMemoryRetry = Retry.of("file-events",
				RetryConfig.custom()
					.maxAttempts(policy.maxAttempts())
					.intervalFunction(IntervalFunction.ofExponentialBackoff(policy.initialBackoff(),
							policy.multiplier(), policy.maxBackoff()))
					.retryOnException(FileEventHandler::retriable)
					.failAfterMaxAttempts(false)
					.build());
		// The same meter as every consumer's retries; the durable ones count as stage
		// "durable" in CleanupRetrier.
		Counter retried = meters.counter(EventConsumerPolicy.RETRIES_METER, "topic", Topics.FILES, "stage",
				EventConsumerPolicy.IN_MEMORY);
		this.inMemoryRetry.getEventPublisher().onRetry((event) -> retried.increment());
	}

	static boolean retriable(Throwable ex) {
		if (ex instanceof InvalidEventException) {
			return false;
		}
		// Our own store failures say whether they are worth retrying; anything else
		// (database, network) is.
		return !(ex instanceof ObjectStoreException storeFailure) || storeFailure.retriable();
	}

	Mono<Void> handle(ConsumerRecord<String, String> record) {
		FileEvent event;
		try {
			event = this.reader.read(DeadLetters.header(record, CloudEventHeaders.TYPE),
					DeadLetters.header(record, CloudEventHeaders.ID), record.value());
		}
		catch (InvalidEventException ex) {
			return this.deadLetters.publish(record, ex, DeadLetters.REASON_INVALID);
		}
		if (event instanceof FileEvent.Uploaded uploaded) {
			return this.catalogue.available(uploaded.provider(), uploaded.key(), uploaded.fileId())
				.retryWhen(UNTIL_DURABLE);
		}
		if (event instanceof FileEvent.Assembled assembled) {
			return this.catalogue.available(assembled.provider(), assembled.key(), assembled.fileId())
				.retryWhen(UNTIL_DURABLE)
				.then(hash(assembled, record));
		}
		if (event instanceof FileEvent.Removal removal) {
			return this.catalogue.gone(removal.provider(), removal.key(), removal.fileId())
				.retryWhen(UNTIL_DURABLE)
				.then(remove(removal, record));
		}
		return Mono.empty();
	}

	private Mono<Void> remove(FileEvent.Removal removal, ConsumerRecord<String, String> record) {
		return Mono
			.defer(() -> this.cleanup.removeAll(removal.eventId(), removal.type(), removal.provider(), removal.key()))
			.transformDeferred(RetryOperator.of(this.inMemoryRetry))
			.then()
			.onErrorResume((ex) -> retriable(ex) ? park(removal, record, ex)
					: this.deadLetters.publish(record, ex, DeadLetters.REASON_NON_RETRIABLE));
	}

	/**
	 * Reads an assembled file's object back and publishes its SHA-256
	 * ({@code StoredObjectHashed}, on which metadata-service emits {@code FileUploaded}).
	 * Tried a few times in memory; then the record goes to the DLT (kept, replayable). An
	 * object that is gone (the file was deleted meanwhile) needs no checksum.
	 */
	private Mono<Void> hash(FileEvent.Assembled assembled, ConsumerRecord<String, String> record) {
		return Mono.defer(() -> this.uploads.readBack(assembled.provider(), assembled.key(), assembled.size()))
			.flatMap((read) -> this.storageEvents
				.objectHashed(new StoredObjectHashed(assembled.fileId(), assembled.provider(), read.bucket(),
						assembled.key(), read.size(), String.valueOf(read.sha256()), this.clock.instant()))
				.doOnEach(Traced
					.onComplete(() -> LOG.info("SHA-256 of {} ({} bytes) computed.", assembled.key(), read.size()))))
			.transformDeferred(RetryOperator.of(this.inMemoryRetry))
			.onErrorResume(NoSuchObjectException.class,
					(ex) -> Traced
						.log(() -> LOG.info("No object under {} to compute a SHA-256 of any more.", assembled.key())))
			.onErrorResume((ex) -> this.deadLetters.publish(record, ex, DeadLetters.REASON_CHECKSUM_FAILED));
	}

	private Mono<Void> park(FileEvent.Removal removal, ConsumerRecord<String, String> record, Throwable failure) {
		Instant next = this.clock.instant().plus(this.durableRetry.backoff(1));
		PendingCleanup pending = new PendingCleanup(removal.eventId(), removal.type(), removal.provider(),
				removal.key(), 0, OriginalRecords.write(record));
		return this.retries.park(pending, next, String.valueOf(failure.getMessage()))
			.retryWhen(UNTIL_DURABLE)
			.doOnEach(Traced.onComplete(() -> LOG.warn("Cleanup of {} for event {} parked for retry: {}", removal.key(),
					removal.eventId(), failure.getMessage())));
	}

}
