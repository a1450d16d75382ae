package com.cloudstorage.files.kit.warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the warm-up treats its steps' outcomes: never an error, a failed step tried again
 * up to {@code attempts}, every step named with how it ended.
 */
class WarmUpTests {

	@Test
	void aStepThatFailsOnceIsTriedAgainAndCountsAsDone() {
		AtomicInteger runs = new AtomicInteger();
		WarmUpStep flaky = WarmUpStep.of("flaky", () -> Mono.defer(() -> (runs.incrementAndGet() == 1)
				? Mono.error(new IllegalStateException("first connection timed out")) : Mono.empty()));
		WarmUp warmUp = new WarmUp(() -> List.of(flaky), Duration.ofSeconds(30), 3);

		StepVerifier.create(warmUp.run()).expectComplete().verify(Duration.ofSeconds(30));

		assertThat(runs).hasValue(2);
		assertThat(warmUp.finished()).isTrue();
		assertThat(warmUp.outcomes().get("flaky")).startsWith("done in ");
	}

	@Test
	void aStepThatKeepsFailingIsReportedAfterItsAttemptsAndTheWarmUpStillEnds() {
		AtomicInteger runs = new AtomicInteger();
		WarmUpStep broken = WarmUpStep.of("broken", () -> Mono.defer(() -> {
			runs.incrementAndGet();
			return Mono.error(new IllegalStateException("refused"));
		}));
		WarmUpStep fine = WarmUpStep.of("fine", () -> Mono.just("warm"));
		WarmUp warmUp = new WarmUp(() -> List.of(broken, fine), Duration.ofSeconds(30), 2);
		assertThat(warmUp.finished()).isFalse();

		StepVerifier.create(warmUp.run()).expectComplete().verify(Duration.ofSeconds(30));

		assertThat(runs).hasValue(2);
		assertThat(warmUp.finished()).isTrue();
		assertThat(warmUp.outcomes()).containsOnlyKeys("broken", "fine");
		assertThat(warmUp.outcomes().get("broken")).startsWith("failed after ")
			.endsWith("IllegalStateException: refused");
		assertThat(warmUp.outcomes().get("fine")).startsWith("done in ");
	}

}
