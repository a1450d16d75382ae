package com.cloudstorage.files.storage.cleanup;

import java.time.Duration;
import java.util.List;

/** {@link WorkerProperties} with its record defaults. */
public final class WorkerPropertiesFixtures {

	private WorkerPropertiesFixtures() {
	}

	public static WorkerProperties withKeyPrefix(String prefix) {
		return new WorkerProperties(prefix, retry(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10)),
				new WorkerProperties.Reconcile(true, List.of(), Duration.ofHours(1), Duration.ofHours(6), 1000));
	}

	static WorkerProperties.Retry retry(Duration initial, double multiplier, Duration max) {
		return new WorkerProperties.Retry(Duration.ofSeconds(5), initial, multiplier, max, Duration.ofMinutes(5), 50);
	}

}
