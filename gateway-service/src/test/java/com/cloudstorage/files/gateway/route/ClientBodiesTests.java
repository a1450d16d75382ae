package com.cloudstorage.files.gateway.route;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-body watchdog: silence counts only while bytes are wanted. Real time with a
 * short idle limit; the bounds are generous for a loaded machine.
 */
class ClientBodiesTests {

	private static final Duration IDLE = Duration.ofMillis(200);

	@Test
	void aBodyThatStopsWhileBytesAreWantedFailsAsTheClientsFault() {
		StepVerifier.create(ClientBodies.idleLimited(Flux.concat(Flux.just("a"), Flux.never()), IDLE, System::nanoTime))
			.expectNext("a")
			.expectErrorSatisfies((ex) -> assertThat(ClientBodyException.isCause(ex)).isTrue())
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void silenceWhileNothingIsWantedIsNotTheClientsFault() {
		StepVerifier.create(ClientBodies.idleLimited(Flux.just("a", "b"), IDLE, System::nanoTime), 0)
			.expectSubscription()
			.expectNoEvent(IDLE.multipliedBy(5))
			.thenRequest(2)
			.expectNext("a", "b")
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void aBodyThatEndsEndsAtOnceAndLeavesNoWatchdogBehind() {
		StepVerifier.create(ClientBodies.idleLimited(Flux.just("a", "b", "c"), Duration.ofDays(1), System::nanoTime))
			.expectNext("a", "b", "c")
			.expectComplete()
			.verify(Duration.ofSeconds(30));
	}

}
