package com.cloudstorage.files.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Open-loop load at a fixed rate (what wrk2 does; it is not in Debian): request {@code i}
 * is due at {@code start + i / rate} whatever happened before, and its latency counts
 * from when it was due, so a stalled server cannot hide its queue (no coordinated
 * omission). Like wrk2 it keeps at most {@code connections} requests in flight: a server
 * slower than the rate builds a queue in the client (and the latencies show it), not
 * thousands of connections.
 */
final class FixedRateClient {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private FixedRateClient() {
	}

	static Latency run(String url, int rate, int connections, Duration duration, @Nullable String bearerToken,
			int expectedStatus) throws InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
		if (bearerToken != null) {
			builder.header("Authorization", "Bearer " + bearerToken);
		}
		HttpRequest request = builder.build();
		int count = (int) Math.max(1, duration.toMillis() * rate / 1000);
		long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
		double[] latencies = new double[count];
		AtomicLong failures = new AtomicLong();
		Map<String, Integer> reasons = new TreeMap<>();
		CompletableFuture<?>[] all = new CompletableFuture<?>[count];
		Semaphore inFlight = new Semaphore(connections);
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long due = start + i * periodNanos;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			inFlight.acquire();
			int index = i;
			all[i] = HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
				inFlight.release();
				latencies[index] = (System.nanoTime() - due) / 1e6;
				if (failure != null || response.statusCode() != expectedStatus) {
					failures.incrementAndGet();
					String reason = (failure != null) ? rootCause(failure).getClass().getSimpleName()
							: "HTTP " + response.statusCode();
					synchronized (reasons) {
						reasons.merge(reason, 1, Integer::sum);
					}
				}
				return null;
			});
		}
		CompletableFuture.allOf(all).join();
		double seconds = (System.nanoTime() - start) / 1e9;
		if (!reasons.isEmpty()) {
			System.out.println("  failed requests at the fixed rate: " + reasons);
		}
		double[] sorted = Stats.sorted(latencies);
		return new Latency(count / seconds, Stats.percentile(sorted, 50), Stats.percentile(sorted, 75),
				Stats.percentile(sorted, 90), Stats.percentile(sorted, 99), Arrays.stream(sorted).max().orElse(0),
				count, failures.get());
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

}
