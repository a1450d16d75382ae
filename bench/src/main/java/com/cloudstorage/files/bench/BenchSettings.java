package com.cloudstorage.files.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much each benchmark does. {@code full} is the documented run; {@code smoke} keeps
 * every code path but shrinks sizes and durations so CI finishes in a few minutes. Each
 * value can be overridden by an environment variable (named in {@link #describe}).
 */
record BenchSettings(boolean smoke, int rounds, long maxSize, long memorySize, Duration wrkDuration, Duration warmUp,
		Duration warmUpMin, Duration warmUpMax, int resolveConnections, int apiConnections, int fixedRate,
		Duration fixedRateDuration, List<String> servicesAlone, long sessionSize, int sessionParallelParts) {

	static final long MIB = 1024L * 1024;

	static final List<String> SERVICES = List.of("gateway-service", "metadata-service", "storage-service",
			"share-link-service");

	static BenchSettings of(boolean smoke) {
		return new BenchSettings(smoke, intSetting("BENCH_ROUNDS", smoke ? 1 : 2),
				longSetting("BENCH_MAX_SIZE", smoke ? 4 * MIB : 1024 * MIB),
				longSetting("BENCH_MEMORY_SIZE", smoke ? 16 * MIB : 2048 * MIB),
				Duration.ofSeconds(intSetting("BENCH_DURATION_S", smoke ? 2 : 15)),
				Duration.ofSeconds(intSetting("BENCH_WARMUP_S", smoke ? 1 : 5)),
				Duration.ofSeconds(intSetting("BENCH_WARMUP_MIN_S", smoke ? 1 : 60)),
				Duration.ofSeconds(intSetting("BENCH_WARMUP_MAX_S", smoke ? 1 : 120)),
				intSetting("BENCH_RESOLVE_CONNECTIONS", 64), intSetting("BENCH_API_CONNECTIONS", 16),
				intSetting("BENCH_FIXED_RATE", 200),
				Duration.ofSeconds(intSetting("BENCH_FIXED_RATE_S", smoke ? 2 : 20)),
				smoke ? List.of("gateway-service") : SERVICES,
				// Three parts at metadata-service's default 8 MiB part size: still
				// several in flight.
				longSetting("BENCH_SESSION_SIZE", smoke ? 24 * MIB : 1024 * MIB),
				intSetting("BENCH_SESSION_PARALLEL", 4));
	}

	/** 1 MiB, 4 MiB, 16 MiB … up to {@link #maxSize} (always included). */
	List<Long> sizes() {
		List<Long> sizes = new ArrayList<>();
		for (long size = MIB; size < this.maxSize; size *= 4) {
			sizes.add(size);
		}
		sizes.add(this.maxSize);
		return sizes;
	}

	Map<String, Object> describe() {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("smoke", this.smoke);
		settings.put("rounds (BENCH_ROUNDS)", this.rounds);
		settings.put("max transfer size in bytes (BENCH_MAX_SIZE)", this.maxSize);
		settings.put("memory test size in bytes (BENCH_MEMORY_SIZE)", this.memorySize);
		settings.put("wrk duration in s (BENCH_DURATION_S)", this.wrkDuration.toSeconds());
		settings.put("warm-up step per path in s (BENCH_WARMUP_S)", this.warmUp.toSeconds());
		settings.put("warm-up at least per path in s, even if req/s look steady earlier (BENCH_WARMUP_MIN_S)",
				this.warmUpMin.toSeconds());
		settings.put("warm-up at most per path in s, until req/s stop rising (BENCH_WARMUP_MAX_S)",
				this.warmUpMax.toSeconds());
		settings.put("resolve connections (BENCH_RESOLVE_CONNECTIONS)", this.resolveConnections);
		settings.put("api connections (BENCH_API_CONNECTIONS)", this.apiConnections);
		settings.put("fixed rate in req/s (BENCH_FIXED_RATE)", this.fixedRate);
		settings.put("fixed-rate duration in s (BENCH_FIXED_RATE_S)", this.fixedRateDuration.toSeconds());
		settings.put("services started alone", this.servicesAlone);
		settings.put("upload session size in bytes (BENCH_SESSION_SIZE)", this.sessionSize);
		settings.put("upload session parts in flight (BENCH_SESSION_PARALLEL)", this.sessionParallelParts);
		return settings;
	}

	private static int intSetting(String name, int defaultValue) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? defaultValue : Integer.parseInt(value.trim());
	}

	private static long longSetting(String name, long defaultValue) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? defaultValue : Long.parseLong(value.trim());
	}

}
