package com.cloudstorage.files.storage.cleanup.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.Topics;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Publishes a record the workers gave up on to {@value Topics#FILES_DEAD_LETTER}: same
 * key, value and headers, plus spring-kafka's {@code kafka_dlt-*} headers saying where it
 * came from and why it failed.
 */
@Component
class DeadLetters {

	private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

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

	static final String CONSUMER_GROUP = "storage-service";

	private final KafkaTemplate<String, String> template;

	DeadLetters(KafkaTemplate<String, String> template) {
		this.template = template;
	}

	/**
	 * Completes once the broker has the dead letter. Retries until it does, so the
	 * original record is never acknowledged (and its offset never committed) before its
	 * dead letter is safe.
	 */
	Mono<Void> publish(ConsumerRecord<String, String> record, Throwable failure, String reason) {
		return Mono.defer(() -> {
			ProducerRecord<String, String> dead = new ProducerRecord<>(Topics.FILES_DEAD_LETTER, null, record.key(),
					record.value());
			for (Header header : record.headers()) {
				dead.headers().add(header);
			}
			Throwable root = rootCause(failure);
			dead.headers()
				.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(record.topic()))
				.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(record.partition()).array())
				.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(record.offset()).array())
				.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(record.timestamp()).array())
				.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, bytes(CONSUMER_GROUP))
				.add(REASON_HEADER, bytes(reason))
				.add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes(failure.getClass().getName()))
				.add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, bytes(root.getClass().getName()))
				.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes(String.valueOf(failure.getMessage())));
			return Mono.fromFuture(() -> this.template.send(dead));
		})
			.doOnSuccess((result) -> LOG.warn("Event {} went to {} ({}): {}", header(record, CloudEventHeaders.ID),
					Topics.FILES_DEAD_LETTER, reason, failure.getMessage()))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
			.then();
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable current = failure;
		while (current.getCause() != null && current.getCause() != current) {
			current = current.getCause();
		}
		return current;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
