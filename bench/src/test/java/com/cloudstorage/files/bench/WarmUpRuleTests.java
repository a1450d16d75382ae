package com.cloudstorage.files.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpRuleTests {

	@Test
	void aDipWhileTheCompilersRunIsNotSteady() {
		assertThat(LatencyBenchmark.steady(List.of(288.8, 685.9, 776.2, 610.3))).isFalse();
	}

	@Test
	void threeStepsWithinFivePercentAreSteady() {
		assertThat(LatencyBenchmark.steady(List.of(300.0, 900.0, 1000.0, 1040.0, 1020.0))).isTrue();
	}

	@Test
	void twoStepsAreNeverEnough() {
		assertThat(LatencyBenchmark.steady(List.of(1000.0, 1000.0))).isFalse();
	}

	@Test
	void stillRisingIsNotSteady() {
		assertThat(LatencyBenchmark.steady(List.of(800.0, 880.0, 960.0))).isFalse();
	}

}
