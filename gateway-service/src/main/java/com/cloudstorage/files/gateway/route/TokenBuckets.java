package com.cloudstorage.files.gateway.route;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per caller, in memory: {@code burst} tokens, refilled at
 * {@code ratePerSecond}; a request takes one. Bounded: when {@code maxCallers} buckets
 * exist, full buckets (callers idle long enough to be as good as new) are dropped first,
 * then arbitrary ones, so a flood of identities costs memory never beyond the bound (a
 * dropped caller just starts again with a full bucket).
 */
final class TokenBuckets {

	private static final double NANOS_PER_SECOND = 1_000_000_000d;

	private final double tokensPerNano;

	private final int burst;

	private final int maxCallers;

	private final LongSupplier nanoClock;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	TokenBuckets(double ratePerSecond, int burst, int maxCallers, LongSupplier nanoClock) {
		this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
		this.burst = burst;
		this.maxCallers = maxCallers;
		this.nanoClock = nanoClock;
	}

	/**
	 * Takes a token for this caller: {@link Duration#ZERO} when allowed, else how long
	 * until the next token.
	 */
	Duration take(String caller) {
		long now = this.nanoClock.getAsLong();
		if (this.buckets.size() >= this.maxCallers && !this.buckets.containsKey(caller)) {
			makeRoom(now);
		}
		Bucket bucket = this.buckets.computeIfAbsent(caller, (key) -> new Bucket(this.burst, now));
		synchronized (bucket) {
			bucket.refill(now, this.tokensPerNano, this.burst);
			if (bucket.tokens >= 1) {
				bucket.tokens -= 1;
				return Duration.ZERO;
			}
			return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / this.tokensPerNano));
		}
	}

	int size() {
		return this.buckets.size();
	}

	private void makeRoom(long now) {
		this.buckets.values().removeIf((bucket) -> {
			synchronized (bucket) {
				bucket.refill(now, this.tokensPerNano, this.burst);
				return bucket.tokens >= this.burst;
			}
		});
		Iterator<String> callers = this.buckets.keySet().iterator();
		while (this.buckets.size() >= this.maxCallers && callers.hasNext()) {
			callers.next();
			callers.remove();
		}
	}

	private static final class Bucket {

		double tokens;

		long refilledAt;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.refilledAt = now;
		}

		void refill(long now, double tokensPerNano, int burst) {
			long elapsed = now - this.refilledAt;
			if (elapsed > 0) {
				this.tokens = Math.min(burst, this.tokens + elapsed * tokensPerNano);
				this.refilledAt = now;
			}
		}

	}

}
