package com.cloudstorage.files.kit.bytes;

import java.util.Map;
import java.util.stream.Collectors;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/**
 * A body stream read without the request's Reactor context. With automatic context
 * propagation on (trace ids in log lines), Reactor and Reactor Netty restore every
 * thread-local of the subscriber's context (observation scope, tracing scope, MDC) around
 * each signal, several times per buffer: profiled at about 40% of the CPU a gateway or
 * storage-service spends moving a large body. Bytes need none of it: upstream of this
 * operator, signals see a context without them, so the restores have nothing to open;
 * what happens before and after the body (the request's log lines) keeps its trace ids.
 */
public final class DetachedBodies {

	private DetachedBodies() {
	}

	/**
	 * {@code body}, subscribed to with an empty context. Signals, demand and cancellation
	 * pass through unchanged.
	 */
	public static <T> Flux<T> detached(Publisher<T> body) {
		return new DetachedFlux<>(body);
	}

	/**
	 * Reactor's own per-subscription hooks (the discard hook that releases buffers
	 * dropped on cancel, among them) stay; they bind no thread-local.
	 */
	static Context reactorHooksOnly(Context context) {
		Map<Object, Object> kept = context.stream()
			.filter((entry) -> entry.getKey() instanceof String key && key.startsWith("reactor."))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		return kept.isEmpty() ? Context.empty() : Context.of(kept);
	}

	private static final class DetachedFlux<T> extends Flux<T> {

		private final Publisher<T> source;

		DetachedFlux(Publisher<T> source) {
			this.source = source;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			this.source.subscribe(new DetachedSubscriber<>(actual));
		}

	}

	private static final class DetachedSubscriber<T> implements CoreSubscriber<T> {

		private final CoreSubscriber<? super T> actual;

		private final Context context;

		DetachedSubscriber(CoreSubscriber<? super T> actual) {
			this.actual = actual;
			this.context = reactorHooksOnly(actual.currentContext());
		}

		@Override
		public Context currentContext() {
			return this.context;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.actual.onSubscribe(subscription);
		}

		@Override
		public void onNext(T item) {
			this.actual.onNext(item);
		}

		@Override
		public void onError(Throwable error) {
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			this.actual.onComplete();
		}

	}

}
