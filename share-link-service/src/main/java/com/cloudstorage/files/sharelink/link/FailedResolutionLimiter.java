package com.cloudstorage.files.sharelink.link;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed link resolutions per client address in fixed windows, so tokens cannot be
 * guessed at speed. Successful resolutions are never counted.
 */
public final class FailedResolutionLimiter {

	private final int limit;

	private final long windowMillis;

	private final Clock clock;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	public FailedResolutionLimiter(int limit, Duration window, Clock clock) {
		this.limit = limit;
		this.windowMillis = window.toMillis();
		this.clock = clock;
	}

	/** Seconds until the client may try again, or 0 if it is not blocked. */
	public long retryAfterSeconds(String client) {
		Window window = this.windows.get(client);
		long now = this.clock.millis();
		if (window == null || now >= window.start + this.windowMillis || window.failures < this.limit) {
			return 0;
		}
		return Math.max(1, (window.start + this.windowMillis - now + 999) / 1000);
	}

	/** Counts one failed resolution for the client. */
	public void recordFailure(String client) {
		long now = this.clock.millis();
		this.windows.compute(client, (key, window) -> (window == null || now >= window.start + this.windowMillis)
				? new Window(now, 1) : new Window(window.start, window.failures + 1));
		if (this.windows.size() > 100_000) {
			// Bound memory under a flood of addresses: forget windows that have ended.
			this.windows.values().removeIf((w) -> now >= w.start + this.windowMillis);
		}
	}

	private record Window(long start, int failures) {
	}

}
