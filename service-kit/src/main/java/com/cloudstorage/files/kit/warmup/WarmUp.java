package com.cloudstorage.files.kit.warmup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Runs a service's {@link WarmUpStep}s side by side within one time bound and remembers
 * how each ended, for the log and the health details. A step that fails or is still
 * running at the bound is reported and never fails the start: the warm-up only moves work
 * that the first requests would otherwise do.
 */
final class WarmUp {

	private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

	private static final int MAX_REASON_LENGTH = 200;

	private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

	private final Supplier<List<WarmUpStep>> steps;

	private final Duration timeout;

	private final int attempts;

	private final Map<String, String> outcomes = new ConcurrentHashMap<>();

	private volatile List<String> names = List.of();

	private volatile boolean finished;

	/**
	 * @param steps the steps, asked for when the warm-up runs (after every bean exists)
	 * @param timeout the bound of the whole warm-up
	 * @param attempts how often a failed step is tried, at most
	 */
	WarmUp(Supplier<List<WarmUpStep>> steps, Duration timeout, int attempts) {
		this.steps = steps;
		this.timeout = timeout;
		this.attempts = attempts;
	}

	/**
	 * Runs every step once. Completes when all have ended or the bound is reached, never
	 * with an error.
	 */
	Mono<Void> run() {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			List<WarmUpStep> all = this.steps.get();
			this.names = all.stream().map(WarmUpStep::name).toList();
			all.forEach((step) -> this.outcomes.put(step.name(), "running"));
			List<Mono<Void>> each = all.stream().map(this::runOne).toList();
			return Mono.when(each).timeout(this.timeout).onErrorResume(TimeoutException.class, (ex) -> {
				this.outcomes.replaceAll((name, outcome) -> "running".equals(outcome)
						? "did not finish within " + this.timeout.toMillis() + " ms" : outcome);
				return Mono.empty();
			}).doFinally((signal) -> {
				this.finished = true;
				LOG.info("Warm-up ended after {} ms: {}", millisSince(started), describe(outcomes()));
			});
		});
	}

	private Mono<Void> runOne(WarmUpStep step) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			// On its own thread: a step that blocks by mistake cannot hold up the others
			// or the bound.
			return Mono.defer(step::run)
				.subscribeOn(Schedulers.boundedElastic())
				.then()
				// On a busy machine a first attempt may time out only because it is the
				// first (connections still being created): one more try, within the
				// bound.
				.retryWhen(Retry.fixedDelay(this.attempts - 1L, RETRY_PAUSE)
					.doBeforeRetry((retry) -> LOG.info("Warm-up step '{}' tried again after: {}", step.name(),
							reason(retry.failure()))))
				.onErrorMap(Exceptions::isRetryExhausted, Throwable::getCause)
				.doOnSuccess((done) -> this.outcomes.put(step.name(), "done in " + millisSince(started) + " ms"))
				.onErrorResume((ex) -> {
					String outcome = "failed after " + millisSince(started) + " ms: " + reason(ex);
					this.outcomes.put(step.name(), outcome);
					LOG.warn("Warm-up step '{}' {}", step.name(), outcome);
					return Mono.empty();
				});
		});
	}

	/**
	 * Whether the warm-up has ended (every step done or failed, or the bound reached).
	 */
	boolean finished() {
		return this.finished;
	}

	/** Each step's name and how it went, in the order of the steps. */
	Map<String, String> outcomes() {
		Map<String, String> ordered = new LinkedHashMap<>();
		for (String name : this.names) {
			ordered.put(name, this.outcomes.getOrDefault(name, "not started"));
		}
		return ordered;
	}

	private static String describe(Map<String, String> outcomes) {
		if (outcomes.isEmpty()) {
			return "no steps";
		}
		return outcomes.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " " + entry.getValue())
			.collect(Collectors.joining(", "));
	}

	/** The exception's type and the start of its message, on one line. */
	private static String reason(Throwable ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage().replaceAll("\\s+", " ") : "";
		if (message.length() > MAX_REASON_LENGTH) {
			message = message.substring(0, MAX_REASON_LENGTH) + "…";
		}
		return message.isEmpty() ? ex.getClass().getSimpleName() : ex.getClass().getSimpleName() + ": " + message;
	}

	private static long millisSince(long nanos) {
		return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
	}

}
