package com.cloudstorage.files.kit.events;

import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import com.cloudstorage.files.kit.tracing.Traced;

/**
 * How every consumer treats a record, in one place:
 * <ul>
 * <li>it is read by the tolerant {@link CloudEventReader};</li>
 * <li>an {@link InvalidEventException} (unreadable, absurd, not ours) goes to
 * {@code <topic>.dlt} at once with its reason;</li>
 * <li>any other failure (database or provider down) is retried with exponential backoff,
 * {@link EventConsumerProperties#maxAttempts()} times (0: until it works), then
 * dead-lettered.</li>
 * <li>the records of a partition are applied one after another, in offset order
 * ({@link PartitionOrder});</li>
 * <li>all of it runs under a span continuing the record's trace
 * ({@link EventTracing#consuming}), so the consumer's log lines carry the trace id of the
 * request that caused the event.</li>
 * </ul>
 * Each retry counts in {@value #RETRIES_METER} (tags: {@code topic}, {@code stage}). The
 * returned {@link Mono} completes only when the record is applied or safely
 * dead-lettered, so a listener returning it never lets an offset pass a record that was
 * neither. (spring-kafka 4.0 acknowledges and drops a failed async listener result, which
 * is why failures are handled here and not by the container.)
 */
public final class EventConsumerPolicy {

	/**
	 * Retries of records that failed for a retriable reason, by topic and stage
	 * ({@value #IN_MEMORY} here; a service with a durable retry store adds its own).
	 */
	public static final String RETRIES_METER = "events.retries";

	public static final String IN_MEMORY = "in-memory";

	private static final Logger LOG = LoggerFactory.getLogger(EventConsumerPolicy.class);

	private final CloudEventReader reader;

	private final DeadLetters deadLetters;

	private final EventConsumerProperties properties;

	private final MeterRegistry meters;

	private final EventTracing tracing;

	private final PartitionOrder order;

	public EventConsumerPolicy(CloudEventReader reader, DeadLetters deadLetters, EventConsumerProperties properties) {
		this(reader, deadLetters, properties, new SimpleMeterRegistry());
	}

	public EventConsumerPolicy(CloudEventReader reader, DeadLetters deadLetters, EventConsumerProperties properties,
			MeterRegistry meters) {
		this(reader, deadLetters, properties, meters, EventTracing.untraced(), new PartitionOrder());
	}

	public EventConsumerPolicy(CloudEventReader reader, DeadLetters deadLetters, EventConsumerProperties properties,
			MeterRegistry meters, EventTracing tracing, PartitionOrder order) {
		this.reader = reader;
		this.order = order;
		this.deadLetters = deadLetters;
		this.properties = properties;
		this.meters = meters;
		this.tracing = tracing;
	}

	public CloudEventReader reader() {
		return this.reader;
	}

	public Mono<Void> consume(ConsumerRecord<String, String> record, Function<IncomingEvent, Mono<?>> handler) {
		Mono<Void> applied = Mono.defer(() -> handler.apply(this.reader.read(record))).then();
		long retries = (this.properties.maxAttempts() == 0) ? Long.MAX_VALUE : this.properties.maxAttempts() - 1;
		Mono<Void> policy = applied
			.retryWhen(
					Retry.backoff(retries, this.properties.initialBackoff())
						.maxBackoff(this.properties.maxBackoff())
						.filter((ex) -> !(ex instanceof InvalidEventException))
						.doBeforeRetry((signal) -> this.meters
							.counter(RETRIES_METER, "topic", record.topic(), "stage", IN_MEMORY)
							.increment())
						// Async: subscribed with the record's context, so the line has
						// its trace ids.
						.doBeforeRetryAsync((signal) -> Traced.log(() -> LOG.warn("Retrying record {}-{}@{} after: {}",
								record.topic(), record.partition(), record.offset(), signal.failure().toString())))
						.onRetryExhaustedThrow(
								(spec, signal) -> new GaveUpException(signal.totalRetries() + 1, signal.failure())))
			.onErrorResume((ex) -> this.deadLetters.publish(record, ex));
		return this.order.inOrder(record, this.tracing.consuming(record, policy));
	}

	/** A retriable failure that outlasted the configured attempts. */
	static final class GaveUpException extends RuntimeException {

		GaveUpException(long attempts, Throwable last) {
			super("Gave up after " + attempts + " attempts: " + last, last, false, false);
		}

	}

}
