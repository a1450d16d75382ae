package com.cloudstorage.files.kit.tracing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Reactor's limited context propagation (no thread-local restore per signal), a
 * statement run through {@link Traced} sees the span of the observation in the Reactor
 * context, after a thread hop too; the logging MDC follows that span. Boot's real tracing
 * set-up (OpenTelemetry SDK and the Micrometer Tracing bridge).
 */
class TracedTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(
				org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration.class,
				org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration.class,
				org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration.class,
				org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0", "spring.application.name=kit-test");

	@Test
	void statementsAfterAThreadHopRunUnderTheTraceOfTheReactorContext() {
		this.contexts.run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Tracer tracer = context.getBean(Tracer.class);
			Observation request = Observation.start("test.request", registry);
			String expected;
			try (Observation.Scope scope = request.openScope()) {
				expected = traceIdOf(tracer);
			}
			AtomicReference<String> plain = new AtomicReference<>("unset");
			AtomicReference<String> onNext = new AtomicReference<>();
			AtomicReference<String> onComplete = new AtomicReference<>();
			AtomicReference<String> logged = new AtomicReference<>();
			AtomicReference<String> supplied = new AtomicReference<>();
			AtomicReference<String> onError = new AtomicReference<>();
			Mono.just("value")
				.publishOn(Schedulers.boundedElastic())
				// What a log statement saw before: nothing restores the span here.
				.doOnNext((value) -> plain.set(traceIdOf(tracer)))
				.doOnEach(Traced.onNext((value) -> onNext.set(traceIdOf(tracer))))
				.doOnEach(Traced.onComplete(() -> onComplete.set(traceIdOf(tracer))))
				.then(Traced.log(() -> logged.set(traceIdOf(tracer))))
				.then(Mono.deferContextual((view) -> Mono.just(Traced.supply(view, () -> traceIdOf(tracer)))))
				.doOnNext(supplied::set)
				.then(Mono.error(new IllegalStateException("failed")).publishOn(Schedulers.parallel()))
				.doOnEach(Traced.onError((ex) -> onError.set(traceIdOf(tracer))))
				.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty())
				.contextWrite((reactor) -> reactor.put(ObservationThreadLocalAccessor.KEY, request))
				.block(Duration.ofSeconds(10));
			request.stop();
			assertThat(expected).isNotEmpty();
			assertThat(plain.get()).as("limited propagation: no span without Traced").isNull();
			assertThat(onNext.get()).isEqualTo(expected);
			assertThat(onComplete.get()).isEqualTo(expected);
			assertThat(logged.get()).isEqualTo(expected);
			assertThat(supplied.get()).isEqualTo(expected);
			assertThat(onError.get()).isEqualTo(expected);
		});
	}

	@Test
	void theScopeEndsWithTheStatement() {
		this.contexts.run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Tracer tracer = context.getBean(Tracer.class);
			Observation request = Observation.start("test.request", registry);
			AtomicReference<String> during = new AtomicReference<>();
			AtomicReference<String> after = new AtomicReference<>("unset");
			Traced.log(() -> during.set(traceIdOf(tracer)))
				.then(Mono.fromRunnable(() -> after.set(traceIdOf(tracer))))
				.contextWrite((reactor) -> reactor.put(ObservationThreadLocalAccessor.KEY, request))
				.block(Duration.ofSeconds(10));
			request.stop();
			assertThat(during.get()).isNotNull();
			assertThat(after.get()).isNull();
			assertThat(registry.getCurrentObservation()).isNull();
		});
	}

	@Test
	void withoutAnObservationTheStatementStillRuns() {
		AtomicReference<String> ran = new AtomicReference<>();
		Traced.log(() -> ran.set("ran")).block(Duration.ofSeconds(10));
		Mono.just(1).doOnEach(Traced.onNext((value) -> ran.set("ran " + value))).block(Duration.ofSeconds(10));
		assertThat(ran.get()).isEqualTo("ran 1");
	}

	private static String traceIdOf(Tracer tracer) {
		Span span = tracer.currentSpan();
		return (span != null) ? span.context().traceId() : null;
	}

}
