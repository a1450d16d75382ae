package com.cloudstorage.files.metadata.outbox;

import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.cloudstorage.files.kit.events.EventTracing;
import com.cloudstorage.files.kit.scheduling.BoundedJobs;

/**
 * Runs the relay on a fixed delay unless
 * {@code files.metadata.outbox.relay-enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "files.metadata.outbox.relay-enabled", havingValue = "true", matchIfMissing = true)
class OutboxConfiguration {

	@Bean
	OutboxRelay outboxRelay(DatabaseClient db, TransactionalOperator transactions, KafkaTemplate<String, String> kafka,
			OutboxProperties properties, MeterRegistry meters, EventTracing tracing) {
		return new OutboxRelay(db, transactions, kafka, properties, meters, tracing);
	}

	@Bean
	OutboxPoller outboxPoller(OutboxRelay relay, BoundedJobs jobs) {
		return new OutboxPoller(relay, jobs);
	}

	static class OutboxPoller {

		private final OutboxRelay relay;

		private final BoundedJobs jobs;

		OutboxPoller(OutboxRelay relay, BoundedJobs jobs) {
			this.relay = relay;
			this.jobs = jobs;
		}

		// The interval's default is in application.yml only.
		@Scheduled(fixedDelayString = "${files.metadata.outbox.poll-interval}")
		Mono<Void> poll() {
			return this.jobs.bounded("relay the outbox", this.relay.relayOnce());
		}

		@Scheduled(fixedDelayString = "${files.metadata.outbox.prune-interval}",
				initialDelayString = "${files.metadata.outbox.prune-interval}")
		Mono<Void> prune() {
			// Deferred: "now" is read per run, not frozen at start-up.
			return this.jobs.bounded("prune the outbox", Mono.defer(() -> this.relay.prunePublished(Instant.now())));
		}

	}

}
