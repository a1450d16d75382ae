package com.cloudstorage.files.storage.object.s3;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class MultipartCompletionPropertiesTests {

	private static final long GIB = 1024L * 1024 * 1024;

	private static final Duration CALL = Duration.ofSeconds(6);

	private final MultipartCompletionProperties defaults = new MultipartCompletionProperties(null,
			Duration.ofMillis(50), DataSize.ofMegabytes(16), DataSize.ofMegabytes(16));

	@Test
	void aGibibyteGetsMinutesWhereTheFixedBudgetGaveSeconds() {
		// 128 parts of 8 MiB: the call timeout plus 50 ms per part was 12.4 s.
		assertThat(this.defaults.joinBudget(CALL, 128, GIB)).isEqualTo(Duration.ofMillis(6000 + 6400 + 64_000));
		assertThat(this.defaults.verifyBudget(CALL, GIB)).isEqualTo(Duration.ofMillis(6000 + 64_000));
	}

	@Test
	void aSmallObjectKeepsAboutTheProviderCallTimeout() {
		assertThat(this.defaults.joinBudget(CALL, 1, 1000)).isEqualTo(Duration.ofMillis(6050));
		assertThat(this.defaults.verifyBudget(CALL, 0)).isEqualTo(CALL);
	}

	@Test
	void aConfiguredBaseReplacesTheProviderCallTimeout() {
		MultipartCompletionProperties based = new MultipartCompletionProperties(Duration.ofSeconds(1), Duration.ZERO,
				DataSize.ofMegabytes(1), DataSize.ofMegabytes(2));
		assertThat(based.joinBudget(CALL, 10, 3 * 1024 * 1024)).isEqualTo(Duration.ofSeconds(4));
		assertThat(based.verifyBudget(CALL, 3 * 1024 * 1024)).isEqualTo(Duration.ofMillis(2500));
		assertThat(based.isValid()).isTrue();
		assertThat(new MultipartCompletionProperties(Duration.ZERO, Duration.ZERO, DataSize.ofMegabytes(1),
				DataSize.ofMegabytes(1))
			.isValid()).isFalse();
		assertThat(new MultipartCompletionProperties(null, Duration.ZERO, DataSize.ofBytes(10), DataSize.ofMegabytes(1))
			.isValid()).isFalse();
	}

}
