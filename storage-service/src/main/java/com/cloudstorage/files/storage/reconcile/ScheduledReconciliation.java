package com.cloudstorage.files.storage.reconcile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.cloudstorage.files.kit.scheduling.BoundedJobs;

/** Runs the {@link Reconciler} on every configured provider every interval. */
@Component
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('api')"
		+ " and ${files.storage.workers.reconcile.enabled:true}")
class ScheduledReconciliation {

	private static final Logger LOG = LoggerFactory.getLogger(ScheduledReconciliation.class);

	private final Reconciler reconciler;

	private final BoundedJobs jobs;

	ScheduledReconciliation(Reconciler reconciler, BoundedJobs jobs) {
		this.reconciler = reconciler;
		this.jobs = jobs;
	}

	@Scheduled(initialDelayString = "${files.storage.workers.reconcile.interval:PT1H}",
			fixedDelayString = "${files.storage.workers.reconcile.interval:PT1H}")
	Mono<Void> run() {
		return this.jobs.bounded("reconcile", Flux.fromIterable(this.reconciler.providers())
			.concatMap((provider) -> this.reconciler.reconcile(provider).onErrorResume((ex) -> {
				LOG.warn("Could not reconcile {}: {}", provider, ex.getMessage());
				return Mono.empty();
			})));
	}

}
