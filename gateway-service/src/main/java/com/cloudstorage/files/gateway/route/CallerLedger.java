package com.cloudstorage.files.gateway.route;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers, per circuit breaker, when each caller last put a failure into it: one caller
 * may count at most once per interval, so no single caller (nor a handful) can open a
 * breaker by sending requests that fail, whatever the downstream answers them. Bounded:
 * old entries are dropped first; when the ledger is still full, the failure is not
 * counted (an attacker with endless identities must not be able to flood it).
 */
final class CallerLedger {

	private final long intervalNanos;

	private final int maxCallers;

	private final LongSupplier nanoClock;

	private final Map<String, Long> lastCounted = new ConcurrentHashMap<>();

	CallerLedger(Duration interval, int maxCallers, LongSupplier nanoClock) {
		this.intervalNanos = interval.toNanos();
		this.maxCallers = maxCallers;
		this.nanoClock = nanoClock;
	}

	/**
	 * Whether this caller's failure may count now; if so, it is recorded as counted.
	 */
	boolean mayCount(String caller) {
		long now = this.nanoClock.getAsLong();
		if (!this.lastCounted.containsKey(caller) && this.lastCounted.size() >= this.maxCallers) {
			this.lastCounted.values().removeIf((counted) -> now - counted >= this.intervalNanos);
			if (this.lastCounted.size() >= this.maxCallers) {
				return false;
			}
		}
		boolean[] counts = new boolean[1];
		this.lastCounted.compute(caller, (key, counted) -> {
			if (counted == null || now - counted >= this.intervalNanos) {
				counts[0] = true;
				return now;
			}
			return counted;
		});
		return counts[0];
	}

}
