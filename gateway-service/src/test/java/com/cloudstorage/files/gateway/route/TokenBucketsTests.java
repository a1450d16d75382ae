package com.cloudstorage.files.gateway.route;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTests {

	final AtomicLong now = new AtomicLong(1_000_000_000L);

	@Test
	void aCallerGetsItsBurstThenWaitsForTheRefill() {
		TokenBuckets buckets = new TokenBuckets(2, 3, 100, this.now::get);
		for (int i = 0; i < 3; i++) {
			assertThat(buckets.take("alice")).isZero();
		}
		assertThat(buckets.take("alice")).isEqualTo(Duration.ofMillis(500));
		assertThat(buckets.take("bob")).isZero();
		this.now.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(buckets.take("alice")).isZero();
		assertThat(buckets.take("alice")).isPositive();
	}

	@Test
	void anIdleCallerNeverSavesMoreThanTheBurst() {
		TokenBuckets buckets = new TokenBuckets(10, 2, 100, this.now::get);
		buckets.take("alice");
		this.now.addAndGet(Duration.ofHours(1).toNanos());
		assertThat(buckets.take("alice")).isZero();
		assertThat(buckets.take("alice")).isZero();
		assertThat(buckets.take("alice")).isPositive();
	}

	@Test
	void theNumberOfBucketsIsBounded() {
		TokenBuckets buckets = new TokenBuckets(0.001, 2, 10, this.now::get);
		buckets.take("busy");
		buckets.take("busy");
		for (int i = 0; i < 1000; i++) {
			buckets.take("caller-" + i);
			assertThat(buckets.size()).isLessThanOrEqualTo(10);
		}
		// Dropped callers start again with a full bucket: never refused for lack of room.
		assertThat(buckets.take("caller-0")).isZero();
	}

}
