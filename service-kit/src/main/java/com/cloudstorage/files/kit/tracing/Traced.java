package com.cloudstorage.files.kit.tracing;

import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.util.context.ContextView;

/**
 * Log statements of reactive code with the trace ids of the request or event they serve.
 * The services run with {@code spring.reactor.context-propagation: limited}: the
 * request's (or consumed record's) observation travels in the Reactor context only, and
 * is not restored into thread-locals on every signal (that cost 12–20 % of the CPU per
 * request, issue #10). A log line takes its {@code traceId}/{@code spanId} from the
 * logging MDC, which follows the current observation; so each statement runs here with
 * the observation of the Reactor context made current just around it:
 * <ul>
 * <li>{@code mono.doOnEach(Traced.onNext(value -> LOG.info(…)))}, likewise
 * {@link #onComplete} and {@link #onError}, in place of {@code doOnNext},
 * {@code doOnSuccess} and {@code doOnError};</li>
 * <li>{@code Traced.log(() -> LOG.warn(…))}: a {@code Mono<Void>} for places that return
 * one ({@code onErrorResume}, {@code flatMap}, {@code Retry.doBeforeRetryAsync});</li>
 * <li>{@link #run(ContextView, Runnable)} and {@link #supply} where the Reactor context
 * is at hand.</li>
 * </ul>
 * Outside a trace (start-up, scheduled jobs) the statement simply runs. A controller's
 * synchronous checks need none of this: a refusal is thrown and logged where it is mapped
 * to a problem, since the kit's problem handler runs under the request's trace (putting
 * the trace in place around every request only for a rare refusal line costs every
 * request).
 */
public final class Traced {

	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

	private Traced() {
	}

	/**
	 * Runs {@code statement} with the observation of {@code context} current (its ids in
	 * the MDC), then restores what was current before.
	 */
	public static void run(ContextView context, Runnable statement) {
		supply(context, () -> {
			statement.run();
			return null;
		});
	}

	/** Like {@link #run(ContextView, Runnable)}, for work that returns a result. */
	public static <T extends @Nullable Object> T supply(ContextView context, Supplier<T> work) {
		if (!context.hasKey(ObservationThreadLocalAccessor.KEY)) {
			return work.get();
		}
		try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context, ObservationThreadLocalAccessor.KEY)) {
			return work.get();
		}
	}

	/** Runs {@code statement} under the subscriber's trace, then completes empty. */
	public static Mono<Void> log(Runnable statement) {
		return Mono.deferContextual((context) -> {
			run(context, statement);
			return Mono.empty();
		});
	}

	/** For {@code doOnEach}: {@code statement} on each value, under its trace. */
	public static <T> Consumer<Signal<T>> onNext(Consumer<? super T> statement) {
		return (signal) -> {
			T value = signal.get();
			if (signal.isOnNext() && value != null) {
				run(signal.getContextView(), () -> statement.accept(value));
			}
		};
	}

	/**
	 * For {@code doOnEach}: {@code statement} on completion (a {@code Mono} with or
	 * without a value, a {@code Flux} at its end), under its trace.
	 */
	public static <T> Consumer<Signal<T>> onComplete(Runnable statement) {
		return (signal) -> {
			if (signal.isOnComplete()) {
				run(signal.getContextView(), statement);
			}
		};
	}

	/** For {@code doOnEach}: {@code statement} on an error, under its trace. */
	public static <T> Consumer<Signal<T>> onError(Consumer<? super Throwable> statement) {
		return (signal) -> {
			Throwable error = signal.getThrowable();
			if (signal.isOnError() && error != null) {
				run(signal.getContextView(), () -> statement.accept(error));
			}
		};
	}

}
