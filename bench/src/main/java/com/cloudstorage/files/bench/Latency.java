package com.cloudstorage.files.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One load run against one URL: throughput, latency percentiles in milliseconds and
 * failures (non-2xx/3xx answers, socket errors or failed requests).
 */
record Latency(double requestsPerSecond, double p50, double p75, double p90, double p99, double max, long requests,
		long failures) {

	static final double[] PERCENTILES = { 50, 75, 90, 99 };

	Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("requestsPerSecond", this.requestsPerSecond);
		json.put("p50Ms", this.p50);
		json.put("p75Ms", this.p75);
		json.put("p90Ms", this.p90);
		json.put("p99Ms", this.p99);
		json.put("maxMs", this.max);
		json.put("requests", this.requests);
		json.put("failures", this.failures);
		return json;
	}

	double[] percentiles() {
		return new double[] { this.p50, this.p75, this.p90, this.p99 };
	}

	/** Field by field medians over rounds. */
	static Latency median(List<Latency> rounds) {
		return new Latency(med(rounds, Latency::requestsPerSecond), med(rounds, Latency::p50),
				med(rounds, Latency::p75), med(rounds, Latency::p90), med(rounds, Latency::p99),
				med(rounds, Latency::max), (long) med(rounds, (l) -> l.requests),
				(long) med(rounds, (l) -> l.failures));
	}

	private static double med(List<Latency> rounds, ToDoubleFunction<Latency> field) {
		return Stats.median(rounds.stream().map(field::applyAsDouble).toList());
	}

	@Override
	public String toString() {
		if (this.requests == 0) {
			return "no request completed within the run";
		}
		return String.format("%,.0f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, failures %d", this.requestsPerSecond,
				this.p50, this.p90, this.p99, this.failures);
	}

}
