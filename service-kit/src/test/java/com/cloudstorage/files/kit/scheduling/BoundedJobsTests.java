package com.cloudstorage.files.kit.scheduling;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedJobsTests {

	private final BoundedJobs jobs = new BoundedJobs(Duration.ofMillis(200));

	@Test
	void aRunThatHangsIsCutOffAndEndsQuietly() {
		AtomicInteger cancelled = new AtomicInteger();
		Mono<Void> job = this.jobs.bounded("hanging", Mono.never().doOnCancel(cancelled::incrementAndGet));
		StepVerifier.create(job).expectComplete().verify(Duration.ofSeconds(10));
		assertThat(cancelled).hasValue(1);
	}

	@Test
	void aRunThatFailsEndsQuietly() {
		StepVerifier.create(this.jobs.bounded("failing", Mono.error(new IllegalStateException("database down"))))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void everySubscriptionIsOneRun() {
		AtomicInteger runs = new AtomicInteger();
		Mono<Void> job = this.jobs.bounded("counting", Mono.fromCallable(runs::incrementAndGet));
		// Spring subscribes to the same publisher once per interval.
		job.block(Duration.ofSeconds(10));
		job.block(Duration.ofSeconds(10));
		assertThat(runs).hasValue(2);
	}

}
