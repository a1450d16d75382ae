package com.cloudstorage.files.gateway.route;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A client's request body that must keep coming while the gateway wants it. A client that
 * declares more bytes than it sends and then waits would otherwise hold the upload (and
 * its reservation) open forever. Only silence while there is demand counts: when the
 * gateway itself stops asking (storage reads slowly), the client is not to blame.
 */
final class ClientBodies {

	private ClientBodies() {
	}

	/**
	 * The body, failing with a {@link ClientBodyException} when {@code idle} passes with
	 * demand outstanding and no byte arriving.
	 */
	static <T> Flux<T> idleLimited(Flux<T> body, Duration idle, LongSupplier nanoTime) {
		return Flux.defer(() -> {
			AtomicLong demand = new AtomicLong();
			AtomicLong lastProgress = new AtomicLong(nanoTime.getAsLong());
			long idleNanos = idle.toNanos();
			Sinks.Empty<Void> ended = Sinks.empty();
			Duration period = idle.dividedBy(4).isZero() ? idle : idle.dividedBy(4);
			Mono<T> watchdog = Flux.interval(period)
				.takeUntilOther(ended.asMono())
				.filter((tick) -> demand.get() > 0 && nanoTime.getAsLong() - lastProgress.get() > idleNanos)
				.next()
				.flatMap((tick) -> Mono.error(new ClientBodyException(
						new TimeoutException("No byte of the request body for " + idle.toSeconds() + " s"))));
			return body.doOnTerminate(ended::tryEmitEmpty)
				.doOnCancel(ended::tryEmitEmpty)
				.mergeWith(watchdog)
				.doOnRequest((n) -> {
					if (demand.getAndAccumulate(n, ClientBodies::addCapped) == 0) {
						lastProgress.set(nanoTime.getAsLong());
					}
				})
				.doOnNext((item) -> {
					lastProgress.set(nanoTime.getAsLong());
					demand.getAndUpdate((current) -> (current == Long.MAX_VALUE) ? current : current - 1);
				});
		});
	}

	private static long addCapped(long current, long more) {
		long sum = current + more;
		return (sum < 0) ? Long.MAX_VALUE : sum;
	}

}
