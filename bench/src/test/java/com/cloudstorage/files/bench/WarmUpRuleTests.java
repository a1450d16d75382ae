package com.cloudstorage.files.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpRuleTests {

	@Test
	void aDipWhileTheCompilersRunIsNotSteady() {
		assertThat(LatencyBenchmark.steady(List.of(288.8, 685.9, 776.2, 610.3), 3)).isFalse();
	}

	@Test
	void threeStepsWithinFivePercentAreSteady() {
		assertThat(LatencyBenchmark.steady(List.of(300.0, 900.0, 1000.0, 1040.0, 1020.0), 3)).isTrue();
	}

	@Test
	void twoStepsAreNeverEnough() {
		assertThat(LatencyBenchmark.steady(List.of(1000.0, 1000.0), 0)).isFalse();
	}

	@Test
	void aPlateauBeforeTheMinimumIsNotSteady() {
		// The API's warm-up of 20261201T123854Z-all, which stopped on this plateau.
		List<Double> plateau = List.of(302.8, 453.1, 544.8, 537.7, 527.6);
		assertThat(LatencyBenchmark.steady(plateau, 12)).isFalse();
		assertThat(LatencyBenchmark.steady(plateau, 5)).isTrue();
	}

	@Test
	void stillRisingIsNotSteady() {
		assertThat(LatencyBenchmark.steady(List.of(800.0, 880.0, 960.0), 3)).isFalse();
	}

}
