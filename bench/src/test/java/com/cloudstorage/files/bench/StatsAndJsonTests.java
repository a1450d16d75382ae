package com.cloudstorage.files.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatsAndJsonTests {

	@Test
	void medianOfOddAndEvenCounts() {
		assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
		assertThat(Stats.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
	}

	@Test
	void nearestRankPercentiles() {
		double[] sorted = Stats.sorted(new double[] { 5, 1, 4, 2, 3, 6, 7, 8, 9, 10 });
		assertThat(Stats.percentile(sorted, 50)).isEqualTo(5.0);
		assertThat(Stats.percentile(sorted, 99)).isEqualTo(10.0);
		assertThat(Stats.percentile(sorted, 10)).isEqualTo(1.0);
	}

	@Test
	void sizesRunFromOneMibByFactorsOfFourUpToTheMaximum() {
		BenchSettings settings = BenchSettings.of(false);
		BenchSettings small = new BenchSettings(true, 1, 100 * BenchSettings.MIB, 0, settings.wrkDuration(),
				settings.warmUp(), settings.warmUpMin(), settings.warmUpMax(), 1, 1, 1, settings.fixedRateDuration(),
				List.of(), 0, 1);
		assertThat(small.sizes()).containsExactly(1 * BenchSettings.MIB, 4 * BenchSettings.MIB, 16 * BenchSettings.MIB,
				64 * BenchSettings.MIB, 100 * BenchSettings.MIB);
	}

	@Test
	void writesEscapedStringsNumbersAndNaNAsNull() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("text", "a \"quoted\"\nline");
		json.put("ratio", 0.123456);
		json.put("missing", Double.NaN);
		json.put("list", List.of(1, true));
		assertThat(Json.write(json)).isEqualTo("""
				{
				  "text": "a \\"quoted\\"\\nline",
				  "ratio": 0.123,
				  "missing": null,
				  "list": [
				    1,
				    true
				  ]
				}
				""");
		assertThat(Json.field("{\"id\":\"f-1\",\"sha256\":\"ab\"}", "sha256")).isEqualTo("ab");
	}

}
