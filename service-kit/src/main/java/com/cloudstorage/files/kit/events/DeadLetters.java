package com.cloudstorage.files.kit.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.kit.tracing.Traced;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Publishes a record a consumer cannot apply to {@code <topic>.dlt}: same key, value and
 * headers, plus spring-kafka's {@code kafka_dlt-*} headers saying where it came from and
 * {@value #REASON_HEADER} saying why. Each dead letter the broker took counts in
 * {@value #DEAD_LETTERS_METER} (tags: the original {@code topic}, the failure's
 * {@code exception} class).
 */
public final class DeadLetters {

	/** Why the record was dead-lettered, in words (never the body). */
	public static final String REASON_HEADER = "dlt_reason";

	/** Dead letters published, by original topic and failure class. */
	public static final String DEAD_LETTERS_METER = "events.dead.letters";

	private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

	private final KafkaTemplate<String, String> template;

	private final String consumerGroup;

	private final MeterRegistry meters;

	public DeadLetters(KafkaTemplate<String, String> template, String consumerGroup) {
		this(template, consumerGroup, new SimpleMeterRegistry());
	}

	public DeadLetters(KafkaTemplate<String, String> template, String consumerGroup, MeterRegistry meters) {
		this.template = template;
		this.consumerGroup = consumerGroup;
		this.meters = meters;
	}

	public static String topicFor(String topic) {
		return topic + ".dlt";
	}

	/**
	 * Completes once the broker has the dead letter, retrying until it does, so the
	 * original record is never acknowledged before its dead letter is safe.
	 */
	public Mono<Void> publish(ConsumerRecord<String, String> record, Throwable failure) {
		return publish(record, failure, Map.of());
	}

	/**
	 * Like {@link #publish(ConsumerRecord, Throwable)}, with headers of the consumer's
	 * own (e.g. a reason category its replay tooling reads).
	 */
	public Mono<Void> publish(ConsumerRecord<String, String> record, Throwable failure,
			Map<String, String> extraHeaders) {
		String topic = topicFor(record.topic());
		return Mono.defer(() -> Mono.fromFuture(() -> {
			ProducerRecord<String, String> dead = deadLetter(topic, record, failure);
			extraHeaders.forEach((name, value) -> dead.headers().add(name, bytes(value)));
			return this.template.send(dead);
		}))
			// send() may wait for the broker's metadata: never on the consumer's thread.
			.subscribeOn(Schedulers.boundedElastic())
			.doOnEach(Traced.onNext((result) -> LOG.warn("Record {}-{}@{} (event {}) went to {}: {}", record.topic(),
					record.partition(), record.offset(), CloudEventReader.header(record, CloudEventHeaders.ID), topic,
					failure.getMessage())))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
			.doOnSuccess((sent) -> this.meters
				.counter(DEAD_LETTERS_METER, "topic", record.topic(), "exception", failure.getClass().getSimpleName())
				.increment())
			.then();
	}

	private ProducerRecord<String, String> deadLetter(String topic, ConsumerRecord<String, String> record,
			Throwable failure) {
		ProducerRecord<String, String> dead = new ProducerRecord<>(topic, null, record.key(), record.value());
		for (Header header : record.headers()) {
			dead.headers().add(header);
		}
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		dead.headers()
			.add(REASON_HEADER, bytes(String.valueOf(failure.getMessage())))
			.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(record.topic()))
			.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(record.partition()).array())
			.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(record.offset()).array())
			.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(record.timestamp()).array())
			.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, bytes(this.consumerGroup))
			.add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes(failure.getClass().getName()))
			.add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, bytes(root.getClass().getName()))
			.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes(String.valueOf(failure.getMessage())));
		return dead;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
