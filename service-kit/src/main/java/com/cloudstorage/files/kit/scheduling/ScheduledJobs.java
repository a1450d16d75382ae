package com.cloudstorage.files.kit.scheduling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Schedules every {@link ScheduledJob} bean on the service's task scheduler with its
 * fixed delay.
 */
final class ScheduledJobs implements SchedulingConfigurer {

	private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobs.class);

	private final ObjectProvider<ScheduledJob> jobs;

	private final BoundedJobs bounded;

	ScheduledJobs(ObjectProvider<ScheduledJob> jobs, BoundedJobs bounded) {
		this.jobs = jobs;
		this.bounded = bounded;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		this.jobs.orderedStream().forEach((job) -> {
			LOG.debug("Scheduled job '{}' runs every {} after {}.", job.name(), job.interval(), job.initialDelay());
			registrar.addFixedDelayTask(new FixedDelayTask(() -> runOnce(job), job.interval(), job.initialDelay()));
		});
	}

	/**
	 * One run. The scheduling thread waits for it to end, as it would for a reactive
	 * {@code @Scheduled} method with a fixed delay; {@link BoundedJobs} makes sure it
	 * does end.
	 */
	void runOnce(ScheduledJob job) {
		this.bounded.bounded(job.name(), Mono.defer(() -> Flux.from(job.run().get()).then())).block();
	}

}
