package com.cloudstorage.files.storage.cleanup.messaging;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.events.CloudEventReader;

import org.springframework.stereotype.Component;

/**
 * The workers' dead letters: the kit's (to {@code files.v1.dlt}, original headers,
 * {@code dlt_reason}, {@code kafka_dlt-*}) plus {@value #REASON_HEADER}, the category the
 * replay and operators filter on.
 */
@Component
class DeadLetters {

	/**
	 * Header naming why the record was dead-lettered, one of the {@code REASON_*} values.
	 */
	static final String REASON_HEADER = "storage_dlt-reason";

	/**
	 * Unreadable, missing or bad fields or headers, or a target storage never created.
	 */
	static final String REASON_INVALID = "invalid-event";

	/** The provider refused the cleanup for a reason retrying cannot fix. */
	static final String REASON_NON_RETRIABLE = "non-retriable-failure";

	/**
	 * An assembled file's SHA-256 could not be computed or published within the in-memory
	 * retries (the provider or the broker down): a replay tries again.
	 */
	static final String REASON_CHECKSUM_FAILED = "checksum-failed";

	static final String CONSUMER_GROUP = "storage-service";

	private final com.cloudstorage.files.kit.events.DeadLetters deadLetters;

	DeadLetters(com.cloudstorage.files.kit.events.DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	/**
	 * Completes once the broker has the dead letter, so the original record is never
	 * acknowledged before its dead letter is safe.
	 */
	Mono<Void> publish(ConsumerRecord<String, String> record, Throwable failure, String reason) {
		return this.deadLetters.publish(record, failure, Map.of(REASON_HEADER, reason));
	}

	static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
		return CloudEventReader.header(record, name);
	}

}
