package com.cloudstorage.files.kit.events;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.kit.tracing.Traced;

/**
 * Carries a trace across Kafka as the CloudEvents distributed-tracing extension: the W3C
 * {@code traceparent} of the change that caused an event travels in the
 * {@value #TRACEPARENT_HEADER} header (Kafka binding of the extension attribute).
 * <ul>
 * <li>{@link #currentTraceparent()}: the caller's trace context, to be stored with an
 * event (only {@code traceparent}: never baggage or {@code tracestate}, which a client
 * may fill with anything).</li>
 * <li>{@link #publishing}: a send continuing a stored context, so the producer span (and
 * the {@code traceparent} header an observed {@code KafkaTemplate} adds) joins that
 * trace.</li>
 * <li>{@link #consuming}: a consumer continuing the record's trace: its log lines carry
 * the producer's trace id.</li>
 * </ul>
 * A tolerant reader: a missing or malformed value is ignored (the work then starts a
 * trace of its own), never a reason to refuse an event.
 */
public final class EventTracing {

	/** The CloudEvents {@code traceparent} extension attribute as a Kafka header. */
	public static final String TRACEPARENT_HEADER = "ce_traceparent";

	/** The W3C Trace Context header, as HTTP and instrumented Kafka clients send it. */
	public static final String W3C_TRACEPARENT = "traceparent";

	/** One observation per consumed record (a span; also a timer by topic). */
	public static final String CONSUME_OBSERVATION = "events.consume";

	/** One observation per published event, continuing the stored trace context. */
	public static final String PUBLISH_OBSERVATION = "events.publish";

	/** Version 00 is exactly 55 characters; later versions may append fields. */
	private static final int MAX_LENGTH = 256;

	private static final Pattern TRACEPARENT = Pattern
		.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

	private static final String ZERO_TRACE_ID = "0".repeat(32);

	private static final String ZERO_SPAN_ID = "0".repeat(16);

	private static final Logger LOG = LoggerFactory.getLogger(EventTracing.class);

	private final ObservationRegistry observations;

	public EventTracing(ObservationRegistry observations) {
		this.observations = observations;
	}

	/** No tracing: every method only runs the work. */
	public static EventTracing untraced() {
		return new EventTracing(ObservationRegistry.NOOP);
	}

	/**
	 * The trace context of the caller (the observation in the Reactor context, else the
	 * current one) as a W3C {@code traceparent}; empty when there is none.
	 */
	public Mono<Optional<String>> currentTraceparent() {
		return Mono.deferContextual((context) -> {
			Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			if (observation == null) {
				observation = this.observations.getCurrentObservation();
			}
			return Mono.just(Optional.ofNullable(traceparentOf(observation)));
		});
	}

	/**
	 * Runs a send under a span whose parent is the stored {@code traceparent} (a new
	 * trace when it is missing or malformed). The send is started while that span is
	 * current, so an observed {@code KafkaTemplate} makes its producer span a child of
	 * it.
	 */
	public <T> Mono<T> publishing(@Nullable String traceparent, String topic, Supplier<CompletableFuture<T>> send) {
		return Mono.defer(() -> {
			String parent = valid(traceparent);
			Observation observation = Observation
				.createNotStarted(PUBLISH_OBSERVATION, () -> carrying(parent, Kind.PRODUCER), this.observations)
				.contextualName(topic + " publish")
				.lowCardinalityKeyValue("topic", topic)
				.start();
			CompletableFuture<T> sent;
			try (Observation.Scope scope = observation.openScope()) {
				sent = send.get();
			}
			catch (RuntimeException ex) {
				observation.error(ex);
				observation.stop();
				return Mono.error(ex);
			}
			return Mono.fromFuture(sent).doOnError(observation::error).doFinally((signal) -> observation.stop());
		});
	}

	/**
	 * Runs a consumer's work under a span continuing the record's trace: from
	 * {@value #TRACEPARENT_HEADER}, else from a plain {@value #W3C_TRACEPARENT} header,
	 * else a new trace. The span is in the Reactor context of the work: its log
	 * statements show the span's ids through {@link Traced}.
	 */
	public <T> Mono<T> consuming(ConsumerRecord<?, ?> record, Mono<T> work) {
		return Mono.defer(() -> {
			Observation observation = Observation
				.createNotStarted(CONSUME_OBSERVATION, () -> carrying(traceparentOf(record), Kind.CONSUMER),
						this.observations)
				.contextualName(record.topic() + " process")
				.lowCardinalityKeyValue("topic", record.topic())
				.start();
			// Checked first: no scope to open for a line that is not written.
			Mono<Void> logged = !LOG.isDebugEnabled() ? Mono.empty()
					: Traced.log(() -> LOG.debug("Consuming {} {} at {}-{}@{}.",
							printable(record, CloudEventHeaders.TYPE), printable(record, CloudEventHeaders.ID),
							record.topic(), record.partition(), record.offset()));
			return logged.then(work)
				.doOnError(observation::error)
				.doFinally((signal) -> observation.stop())
				.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	/**
	 * Adds {@value #TRACEPARENT_HEADER} and {@value #W3C_TRACEPARENT} when the value is a
	 * well-formed {@code traceparent}; a missing or malformed one is left out.
	 */
	public static void writeTo(Headers headers, @Nullable String traceparent) {
		String value = valid(traceparent);
		if (value != null) {
			// Also as the plain W3C header, which Kafka instrumentations outside ours
			// read.
			for (String name : new String[] { TRACEPARENT_HEADER, W3C_TRACEPARENT }) {
				headers.remove(name);
				headers.add(name, value.getBytes(StandardCharsets.US_ASCII));
			}
		}
	}

	/**
	 * The trace context a record carries: a valid {@value #TRACEPARENT_HEADER}, else a
	 * valid {@value #W3C_TRACEPARENT}, else {@code null}.
	 */
	public static @Nullable String traceparentOf(ConsumerRecord<?, ?> record) {
		String extension = valid(CloudEventReader.header(record, TRACEPARENT_HEADER));
		return (extension != null) ? extension : valid(CloudEventReader.header(record, W3C_TRACEPARENT));
	}

	/**
	 * The value when it is a well-formed W3C {@code traceparent} (version not {@code ff},
	 * trace and parent ids not all zeros, lower-case hex); otherwise {@code null}.
	 */
	public static @Nullable String valid(@Nullable String traceparent) {
		if (traceparent == null || traceparent.length() > MAX_LENGTH) {
			return null;
		}
		Matcher parts = TRACEPARENT.matcher(traceparent);
		if (!parts.matches()) {
			return null;
		}
		String version = parts.group(1);
		boolean extraFields = parts.group(5) != null;
		if (version.equals("ff") || (version.equals("00") && extraFields) || parts.group(2).equals(ZERO_TRACE_ID)
				|| parts.group(3).equals(ZERO_SPAN_ID)) {
			return null;
		}
		return traceparent;
	}

	/** The trace id of a well-formed {@code traceparent}, or {@code null}. */
	public static @Nullable String traceIdOf(@Nullable String traceparent) {
		String valid = valid(traceparent);
		return (valid != null) ? valid.substring(3, 35) : null;
	}

	/** A header fit for a log line: short, no control characters; else a placeholder. */
	private static String printable(ConsumerRecord<?, ?> record, String name) {
		String value = CloudEventReader.header(record, name);
		if (value == null) {
			return "(no " + name + ")";
		}
		boolean clean = value.length() <= CloudEventReader.MAX_TYPE_LENGTH
				&& value.chars().allMatch((c) -> c >= 0x20 && c != 0x7f);
		return clean ? value : "(unprintable " + name + ")";
	}

	static @Nullable String traceparentOf(@Nullable Observation observation) {
		if (observation == null || observation.isNoop()) {
			return null;
		}
		TracingContext tracing = observation.getContextView().get(TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		if (span == null || span.isNoop()) {
			return null;
		}
		TraceContext context = span.context();
		String flags = Boolean.TRUE.equals(context.sampled()) ? "01" : "00";
		return valid("00-" + context.traceId() + "-" + context.spanId() + "-" + flags);
	}

	/**
	 * A receiver context whose only propagated field is {@code traceparent}: a tracing
	 * handler extracts the parent from it; baggage and {@code tracestate} are never read
	 * from events.
	 */
	private static ReceiverContext<String> carrying(@Nullable String traceparent, Kind kind) {
		ReceiverContext<String> context = new ReceiverContext<>(
				(carrier, key) -> (W3C_TRACEPARENT.equals(key) && !carrier.isEmpty()) ? carrier : null, kind);
		context.setCarrier((traceparent != null) ? traceparent : "");
		return context;
	}

}
