package com.cloudstorage.files.storage.object.s3;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * Fails a body stream whose provider sends nothing for a while although bytes are asked
 * for. Time in which the reader asks for nothing (a paused or slow client holding the
 * download back) is not the provider's silence, so it never counts: the SDK's own read
 * timeout cannot tell the two apart and used to cut healthy downloads of slow readers.
 */
final class ProviderSilence {

	private ProviderSilence() {
	}

	/** {@code body}, failing after {@code limit} of the provider's silence. */
	static <T> Flux<T> watch(Publisher<T> body, Duration limit) {
		return watch(body, limit, Schedulers.parallel());
	}

	static <T> Flux<T> watch(Publisher<T> body, Duration limit, Scheduler timer) {
		Function<? super Publisher<T>, ? extends Publisher<T>> operator = Operators
			.<T, T>lift((scannable, actual) -> new Watch<>(Operators.serialize(actual), limit.toNanos(), timer));
		return Flux.from(operator.apply(body));
	}

	/**
	 * One timer per silence limit, not one per item: an item only notes the time, and an
	 * alarm that finds the provider sent something meanwhile arms itself again for the
	 * rest of the limit. Arming and cancelling a timer per item was a few percent of a
	 * download's CPU (a 512 MiB download is thousands of items).
	 */
	private static final class Watch<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final long limitNanos;

		private final Scheduler timer;

		// Guarded by this.
		private long wanted;

		// Guarded by this: when the provider last delivered, or the reader last asked
		// after asking for nothing (its pause is not the provider's silence).
		private long lastProgress;

		// Guarded by this.
		private boolean armed;

		private Disposable alarm = Disposables.disposed();

		private boolean done;

		private Subscription upstream = Operators.emptySubscription();

		Watch(CoreSubscriber<? super T> actual, long limitNanos, Scheduler timer) {
			this.actual = actual;
			this.limitNanos = limitNanos;
			this.timer = timer;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.upstream = subscription;
			this.actual.onSubscribe(this);
		}

		@Override
		public void request(long n) {
			if (!Operators.validate(n)) {
				return;
			}
			synchronized (this) {
				boolean waiting = this.wanted > 0;
				this.wanted = Operators.addCap(this.wanted, n);
				if (!waiting && !this.done) {
					this.lastProgress = now();
					if (!this.armed) {
						arm(this.limitNanos);
					}
				}
			}
			this.upstream.request(n);
		}

		@Override
		public void onNext(T item) {
			synchronized (this) {
				if (this.done) {
					Operators.onDiscard(item, this.actual.currentContext());
					return;
				}
				this.lastProgress = now();
				if (this.wanted != Long.MAX_VALUE) {
					this.wanted--;
				}
			}
			this.actual.onNext(item);
		}

		@Override
		public void onError(Throwable error) {
			if (finish()) {
				this.actual.onError(error);
			}
		}

		@Override
		public void onComplete() {
			if (finish()) {
				this.actual.onComplete();
			}
		}

		@Override
		public void cancel() {
			finish();
			this.upstream.cancel();
		}

		private synchronized boolean finish() {
			if (this.done) {
				return false;
			}
			this.done = true;
			this.alarm.dispose();
			return true;
		}

		private long now() {
			return this.timer.now(TimeUnit.NANOSECONDS);
		}

		// Called holding the lock.
		private void arm(long delayNanos) {
			this.armed = true;
			this.alarm = this.timer.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
		}

		private void check() {
			synchronized (this) {
				this.armed = false;
				if (this.done || this.wanted == 0) {
					// Nothing asked for: the next request arms again.
					return;
				}
				long silent = now() - this.lastProgress;
				if (silent < this.limitNanos) {
					arm(this.limitNanos - silent);
					return;
				}
				this.done = true;
			}
			this.upstream.cancel();
			this.actual.onError(new TimeoutException("The provider sent nothing for "
					+ Duration.ofNanos(this.limitNanos) + " while the download asked for bytes"));
		}

	}

}
