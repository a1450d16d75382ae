package com.cloudstorage.files.kit.warmup;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Warms the service up during start-up. Spring Boot turns readiness to
 * {@code ACCEPTING_TRAFFIC} only after every runner has returned, so waiting here keeps
 * the service out of traffic (readiness probe {@code 503 OUT_OF_SERVICE}) until it is
 * warm; the wait is bounded by {@code files.warm-up.timeout}.
 */
final class WarmUpRunner implements ApplicationRunner, Ordered {

	private final WarmUp warmUp;

	WarmUpRunner(WarmUp warmUp) {
		this.warmUp = warmUp;
	}

	@Override
	public void run(ApplicationArguments args) {
		// The main thread during start-up, not an event loop: waiting is the point.
		this.warmUp.run().block();
	}

	/** After any other runner, whose start-up work the steps may depend on. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
