package com.cloudstorage.files.kit.warmup;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code warmUp} in {@code /actuator/health}: {@code OUT_OF_SERVICE} until the warm-up
 * has ended, so even without the readiness probe a script waiting for health does not
 * catch the service cold; then {@code UP}, with how each step went as details (a failed
 * step is reported, not held against the service: its dependency has its own health).
 */
final class WarmUpHealthIndicator implements HealthIndicator {

	private final WarmUp warmUp;

	WarmUpHealthIndicator(WarmUp warmUp) {
		this.warmUp = warmUp;
	}

	@Override
	public Health health() {
		Health.Builder health = this.warmUp.finished() ? Health.up() : Health.outOfService();
		return health.withDetails(this.warmUp.outcomes()).build();
	}

}
