package com.cloudstorage.files.kit.scheduling;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class ScheduledJobsTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SchedulingAutoConfiguration.class))
		.withPropertyValues("files.scheduling.timeout=PT1S");

	@Test
	void everyJobBeanRunsAgainAfterItsIntervalAndAHangingOneDoesNotStopTheOthers() {
		this.contexts.withUserConfiguration(Jobs.class).run((context) -> {
			Jobs jobs = context.getBean(Jobs.class);
			// One scheduling thread: the counting job can only run again because every
			// run of the hanging one is cut off after files.scheduling.timeout.
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(jobs.counted).hasValueGreaterThanOrEqualTo(3);
				assertThat(jobs.hangingCancelled).hasValueGreaterThanOrEqualTo(2);
			});
			assertThat(jobs.late).hasValue(0);
		});
	}

	@Test
	void aJobWithoutAPositiveIntervalIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ScheduledJob.every(Duration.ZERO, "never", Mono::empty))
			.withMessageContaining("'never'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduledJob.every(Duration.ofSeconds(1), "back", Mono::empty)
				.startingAfter(Duration.ofSeconds(-1)));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Jobs {

		final AtomicInteger counted = new AtomicInteger();

		final AtomicInteger hangingCancelled = new AtomicInteger();

		final AtomicInteger late = new AtomicInteger();

		@Bean
		ScheduledJob counting() {
			return ScheduledJob
				.every(Duration.ofMillis(50), "counting", () -> Mono.fromRunnable(this.counted::incrementAndGet))
				.startingAfter(Duration.ZERO);
		}

		@Bean
		ScheduledJob hanging() {
			return ScheduledJob.every(Duration.ofMillis(50), "hanging",
					() -> Mono.never().doOnCancel(this.hangingCancelled::incrementAndGet));
		}

		@Bean
		ScheduledJob late() {
			return ScheduledJob.every(Duration.ofHours(1), "late", () -> Mono.fromRunnable(this.late::incrementAndGet));
		}

	}

}
