package com.cloudstorage.files.kit.scheduling;

import java.time.Duration;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Wraps one run of a {@link ScheduledJob} so that it ends within the configured timeout
 * and never with an error: a failed or cut-off run is logged and retried at the next
 * interval, and the other jobs keep running.
 */
public final class BoundedJobs {

	private static final Logger LOG = LoggerFactory.getLogger(BoundedJobs.class);

	private final Duration timeout;

	public BoundedJobs(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * The job as Spring should schedule it. Spring subscribes to the returned publisher
	 * on every run, so {@code run} must do its work per subscription (e.g. start with
	 * {@link Mono#defer}).
	 * @param job a name for the log
	 * @param run the job's work
	 */
	public Mono<Void> bounded(String job, Publisher<?> run) {
		return Flux.from(run).then().timeout(this.timeout).onErrorResume((ex) -> {
			LOG.warn("Scheduled job '{}' did not finish and runs again after its interval: {}", job, ex.toString());
			return Mono.empty();
		});
	}

	public Duration timeout() {
		return this.timeout;
	}

}
