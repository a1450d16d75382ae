package com.cloudstorage.files.kit.bytes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

class DetachedBodiesTests {

	@Test
	void upstreamSeesNoneOfTheRequestsContextButReactorsHooks() {
		List<Context> seen = new CopyOnWriteArrayList<>();
		Flux<String> body = Flux.deferContextual((context) -> {
			seen.add(Context.of(context));
			return Flux.just("a", "b", "c");
		});
		Flux<String> detached = DetachedBodies.detached(body).doOnDiscard(String.class, (item) -> {
		}).contextWrite(Context.of("traceId", "abc"));
		StepVerifier.create(detached).expectNext("a", "b", "c").verifyComplete();
		assertThat(seen).hasSize(1);
		assertThat(seen.get(0).hasKey("traceId")).isFalse();
		assertThat(seen.get(0).stream().map((entry) -> entry.getKey().toString()))
			.anyMatch((key) -> key.startsWith("reactor.onDiscard"));
	}

	@Test
	void errorsDemandAndCancellationPassThrough() {
		StepVerifier
			.create(DetachedBodies.detached(Flux.concat(Flux.just(1, 2), Flux.error(new IllegalStateException("cut")))))
			.expectNext(1, 2)
			.verifyErrorMessage("cut");
		AtomicBoolean cancelled = new AtomicBoolean();
		List<Long> requested = new CopyOnWriteArrayList<>();
		Flux<Integer> source = Flux.range(1, 100).doOnRequest(requested::add).doOnCancel(() -> cancelled.set(true));
		StepVerifier.create(DetachedBodies.detached(source), 2).expectNext(1, 2).thenCancel().verify();
		assertThat(requested).containsExactly(2L);
		assertThat(cancelled).isTrue();
	}

	@Test
	void itemsDroppedUpstreamOnCancelReachTheDiscardHook() {
		List<Object> discarded = new CopyOnWriteArrayList<>();
		// A source that keeps what it produced ahead of demand and drops it on cancel.
		Flux<Integer> source = Flux.create((sink) -> {
			for (int i = 1; i <= 10; i++) {
				sink.next(i);
			}
		}, FluxSink.OverflowStrategy.BUFFER);
		Flux<Integer> detached = DetachedBodies.detached(source).doOnDiscard(Integer.class, discarded::add);
		StepVerifier.create(detached, 1).expectNext(1).thenCancel().verify();
		assertThat(discarded).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
	}

}
