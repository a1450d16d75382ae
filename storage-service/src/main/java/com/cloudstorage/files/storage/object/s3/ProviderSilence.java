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

	private static final class Watch<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final long limitNanos;

		private final Scheduler timer;

		// Guarded by this.
		private long wanted;

		// Guarded by this: which alarm is current; an alarm of an earlier generation
		// found its chunk arrived and stays quiet.
		private long generation;

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
					arm();
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
				this.alarm.dispose();
				this.generation++;
				if (this.wanted != Long.MAX_VALUE) {
					this.wanted--;
				}
				if (this.wanted > 0) {
					arm();
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

		// Called holding the lock.
		private void arm() {
			long armed = this.generation;
			this.alarm = this.timer.schedule(() -> silent(armed), this.limitNanos, TimeUnit.NANOSECONDS);
		}

		private void silent(long armed) {
			synchronized (this) {
				if (this.done || armed != this.generation) {
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
