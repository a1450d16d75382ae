package com.cloudstorage.files.storage.object.s3;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderSilenceTests {

	private static final Duration LIMIT = Duration.ofSeconds(5);

	@Test
	void providerSilentWhileBytesAreAskedForFailsAfterTheLimit() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		Sinks.Many<String> provider = Sinks.many().unicast().onBackpressureBuffer();
		StepVerifier.create(ProviderSilence.watch(provider.asFlux(), LIMIT, time), 1)
			.then(() -> provider.tryEmitNext("first"))
			.expectNext("first")
			.thenRequest(1)
			.then(() -> time.advanceTimeBy(LIMIT.minusMillis(1)))
			.then(() -> provider.tryEmitNext("in time"))
			.expectNext("in time")
			.thenRequest(1)
			.then(() -> time.advanceTimeBy(LIMIT))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aProviderDeliveringWithinTheLimitIsNeverCutAndItsSilenceCountsFromItsLastItem() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		Sinks.Many<String> provider = Sinks.many().unicast().onBackpressureBuffer();
		StepVerifier.create(ProviderSilence.watch(provider.asFlux(), LIMIT, time), 100).then(() -> {
			// Twenty limits long in all, never silent for one.
			for (int i = 0; i < 20; i++) {
				time.advanceTimeBy(LIMIT.minusSeconds(1));
				provider.tryEmitNext("chunk");
			}
		})
			.expectNextCount(20)
			.then(() -> time.advanceTimeBy(LIMIT.minusMillis(1)))
			.expectNoEvent(Duration.ofMillis(10))
			.then(() -> time.advanceTimeBy(Duration.ofMillis(1)))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void readerThatAsksForNothingIsNotTheProvidersSilence() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		StepVerifier.create(ProviderSilence.watch(Flux.range(1, 3), LIMIT, time), 1)
			.expectNext(1)
			// The reader pauses far longer than the limit; the provider is not to blame.
			.then(() -> time.advanceTimeBy(LIMIT.multipliedBy(10)))
			.thenRequest(2)
			.expectNext(2, 3)
			.verifyComplete();
	}

	@Test
	void silenceCancelsTheProviderStream() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		Sinks.Many<String> provider = Sinks.many().multicast().onBackpressureBuffer();
		StepVerifier.create(ProviderSilence.watch(provider.asFlux(), LIMIT, time), 1)
			.then(() -> assertThat(provider.currentSubscriberCount()).isOne())
			.then(() -> time.advanceTimeBy(LIMIT))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(provider.currentSubscriberCount()).isZero();
	}

}
