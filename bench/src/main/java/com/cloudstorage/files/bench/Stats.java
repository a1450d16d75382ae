package com.cloudstorage.files.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles of what the rounds measured. */
final class Stats {

	private Stats() {
	}

	static double median(List<Double> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("No values");
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/** The nearest-rank percentile of already sorted values. */
	static double percentile(double[] sorted, double percent) {
		if (sorted.length == 0) {
			throw new IllegalArgumentException("No values");
		}
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	static double[] sorted(double[] values) {
		double[] copy = values.clone();
		Arrays.sort(copy);
		return copy;
	}

}
