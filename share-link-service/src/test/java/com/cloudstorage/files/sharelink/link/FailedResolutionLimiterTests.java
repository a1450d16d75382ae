package com.cloudstorage.files.sharelink.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailedResolutionLimiterTests {

	static final class MutableClock extends Clock {

		Instant now = Instant.parse("2026-11-25T10:00:00Z");

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	@Test
	void blocksAClientAfterTheLimitUntilTheWindowEnds() {
		MutableClock clock = new MutableClock();
		FailedResolutionLimiter limiter = new FailedResolutionLimiter(3, Duration.ofSeconds(60), clock);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.retryAfterSeconds("a")).isZero();
			limiter.recordFailure("a");
		}
		assertThat(limiter.retryAfterSeconds("a")).isEqualTo(60);
		assertThat(limiter.retryAfterSeconds("b")).isZero();
		clock.now = clock.now.plusSeconds(45);
		assertThat(limiter.retryAfterSeconds("a")).isEqualTo(15);
		clock.now = clock.now.plusSeconds(15);
		assertThat(limiter.retryAfterSeconds("a")).isZero();
	}

	@Test
	void tokensAreHashedAndMalformedOnesRecognised() {
		assertThat(LinkTokens.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		assertThat(LinkTokens.wellFormed("A".repeat(43))).isTrue();
		assertThat(LinkTokens.wellFormed("A".repeat(42))).isFalse();
		assertThat(LinkTokens.wellFormed("../" + "A".repeat(43))).isFalse();
		assertThat(LinkTokens.wellFormed(null)).isFalse();
	}

}
