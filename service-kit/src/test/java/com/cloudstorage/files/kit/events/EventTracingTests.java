package com.cloudstorage.files.kit.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace context in events, with Boot's real tracing set-up (OpenTelemetry SDK, the
 * Micrometer Tracing bridge and its W3C propagator): {@code ce_traceparent} in, the same
 * trace out; malformed values are ignored.
 */
class EventTracingTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(
				org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration.class,
				org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration.class,
				org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration.class,
				org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration.class,
				EventsAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0", "spring.application.name=kit-test");

	@Test
	void aConsumerContinuesTheTraceOfCeTraceparent() {
		this.contexts.run((context) -> {
			EventTracing tracing = context.getBean(EventTracing.class);
			String seen = traceparentSeenBy(tracing, record(TRACEPARENT, null));
			assertThat(EventTracing.traceIdOf(seen)).isEqualTo(TRACE_ID);
			// A span of its own, child of the producer's.
			assertThat(seen).isNotEqualTo(TRACEPARENT);
		});
	}

	@Test
	void aPlainTraceparentHeaderIsTheFallback() {
		this.contexts.run((context) -> {
			EventTracing tracing = context.getBean(EventTracing.class);
			String seen = traceparentSeenBy(tracing, record(null, TRACEPARENT));
			assertThat(EventTracing.traceIdOf(seen)).isEqualTo(TRACE_ID);
			String other = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
			String preferred = traceparentSeenBy(tracing, record(TRACEPARENT, other));
			assertThat(EventTracing.traceIdOf(preferred)).isEqualTo(TRACE_ID);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
			"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
			"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
			"00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736", "", " ",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n" })
	void aMalformedTraceparentIsIgnoredAndTheConsumerStartsATraceOfItsOwn(String malformed) {
		assertThat(EventTracing.valid(malformed)).isNull();
		this.contexts.run((context) -> {
			EventTracing tracing = context.getBean(EventTracing.class);
			String seen = traceparentSeenBy(tracing, record(malformed, null));
			assertThat(EventTracing.valid(seen)).as("a trace of its own").isNotNull();
			assertThat(EventTracing.traceIdOf(seen)).isNotEqualTo(TRACE_ID);
			// The bad value, with a good fallback beside it: the fallback wins.
			String fallback = traceparentSeenBy(tracing, record(malformed, TRACEPARENT));
			assertThat(EventTracing.traceIdOf(fallback)).isEqualTo(TRACE_ID);
		});
	}

	@Test
	void laterVersionsMayAppendFields() {
		String future = "01-" + TRACE_ID + "-00f067aa0ba902b7-01-what-comes-next";
		assertThat(EventTracing.valid(future)).isEqualTo(future);
		assertThat(EventTracing.valid("00-" + TRACE_ID + "-00f067aa0ba902b7-" + "0".repeat(250))).isNull();
	}

	@Test
	void aPublishedEventContinuesTheStoredTraceAndNothingElse() {
		this.contexts.run((context) -> {
			EventTracing tracing = context.getBean(EventTracing.class);
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			AtomicReference<String> duringSend = new AtomicReference<>();
			String result = tracing.publishing(TRACEPARENT, "files.v1", () -> {
				duringSend.set(EventTracing.traceparentOf(registry.getCurrentObservation()));
				return CompletableFuture.completedFuture("sent");
			}).block(Duration.ofSeconds(10));
			assertThat(result).isEqualTo("sent");
			assertThat(EventTracing.traceIdOf(duringSend.get())).isEqualTo(TRACE_ID);
			assertThat(registry.getCurrentObservation()).as("the scope is closed after the send").isNull();

			tracing.publishing("not-a-traceparent", "files.v1", () -> {
				duringSend.set(EventTracing.traceparentOf(registry.getCurrentObservation()));
				return CompletableFuture.completedFuture("sent");
			}).block(Duration.ofSeconds(10));
			assertThat(EventTracing.valid(duringSend.get())).isNotNull();
			assertThat(EventTracing.traceIdOf(duringSend.get())).isNotEqualTo(TRACE_ID);
		});
	}

	@Test
	void withoutAnObservationThereIsNoCurrentTraceparent() {
		this.contexts.run((context) -> {
			EventTracing tracing = context.getBean(EventTracing.class);
			assertThat(tracing.currentTraceparent().block(Duration.ofSeconds(10))).isEmpty();
		});
	}

	@Test
	void onlyAWellFormedTraceparentIsWrittenAsCeTraceparent() {
		RecordHeaders headers = new RecordHeaders();
		EventTracing.writeTo(headers, "00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01");
		EventTracing.writeTo(headers, null);
		assertThat(headers.lastHeader(EventTracing.TRACEPARENT_HEADER)).isNull();
		EventTracing.writeTo(headers, TRACEPARENT);
		assertThat(new String(headers.lastHeader(EventTracing.TRACEPARENT_HEADER).value(), StandardCharsets.US_ASCII))
			.isEqualTo(TRACEPARENT);
		assertThat(headers.headers(EventTracing.TRACEPARENT_HEADER)).hasSize(1);
	}

	@Test
	void untracedConsumersStillDoTheirWork() {
		String result = EventTracing.untraced()
			.consuming(record(TRACEPARENT, null), EventTracing.untraced().currentTraceparent())
			.block(Duration.ofSeconds(10))
			.orElse("none");
		assertThat(result).isEqualTo("none");
	}

	private static String traceparentSeenBy(EventTracing tracing, ConsumerRecord<String, String> record) {
		Optional<String> seen = tracing.consuming(record, tracing.currentTraceparent()).block(Duration.ofSeconds(10));
		assertThat(seen).as("the consumer's work runs in a trace").isPresent();
		return seen.get();
	}

	private static ConsumerRecord<String, String> record(String ceTraceparent, String traceparent) {
		ConsumerRecord<String, String> record = new ConsumerRecord<>("files.v1", 0, 7L, "key", "{}");
		if (ceTraceparent != null) {
			record.headers().add(EventTracing.TRACEPARENT_HEADER, ceTraceparent.getBytes(StandardCharsets.UTF_8));
		}
		if (traceparent != null) {
			record.headers().add(EventTracing.W3C_TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
		}
		return record;
	}

}
