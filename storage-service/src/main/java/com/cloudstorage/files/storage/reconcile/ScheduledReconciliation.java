package com.cloudstorage.files.storage.reconcile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.cloudstorage.files.kit.scheduling.ScheduledJob;
import com.cloudstorage.files.storage.cleanup.WorkerProperties;

/**
 * Runs the {@link Reconciler} on every configured provider every
 * {@code files.storage.workers.reconcile.interval}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('api')"
		+ " and ${files.storage.workers.reconcile.enabled:true}")
class ScheduledReconciliation {

	private static final Logger LOG = LoggerFactory.getLogger(ScheduledReconciliation.class);

	@Bean
	ScheduledJob reconcileProviders(Reconciler reconciler, WorkerProperties properties) {
		return ScheduledJob.every(properties.reconcile().interval(), "reconcile",
				() -> Flux.fromIterable(reconciler.providers())
					.concatMap((provider) -> reconciler.reconcile(provider).onErrorResume((ex) -> {
						LOG.warn("Could not reconcile {}: {}", provider, ex.getMessage());
						return Mono.empty();
					})));
	}

}
