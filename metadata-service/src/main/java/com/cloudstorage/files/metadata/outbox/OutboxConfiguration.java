package com.cloudstorage.files.metadata.outbox;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Runs the relay on a fixed delay unless
 * {@code files.metadata.outbox.relay-enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "files.metadata.outbox.relay-enabled", havingValue = "true", matchIfMissing = true)
class OutboxConfiguration {

	@Bean
	OutboxRelay outboxRelay(DatabaseClient db, TransactionalOperator transactions, KafkaTemplate<String, String> kafka,
			OutboxProperties properties) {
		return new OutboxRelay(db, transactions, kafka, properties);
	}

	@Bean
	OutboxPoller outboxPoller(OutboxRelay relay) {
		return new OutboxPoller(relay);
	}

	static class OutboxPoller {

		private static final Logger LOG = LoggerFactory.getLogger(OutboxPoller.class);

		private final OutboxRelay relay;

		OutboxPoller(OutboxRelay relay) {
			this.relay = relay;
		}

		// The interval's default is in application.yml only.
		@Scheduled(fixedDelayString = "${files.metadata.outbox.poll-interval}")
		Mono<Integer> poll() {
			return this.relay.relayOnce();
		}

		@Scheduled(fixedDelayString = "${files.metadata.outbox.prune-interval}",
				initialDelayString = "${files.metadata.outbox.prune-interval}")
		Mono<Long> prune() {
			return this.relay.prunePublished(Instant.now()).onErrorResume((ex) -> {
				LOG.warn("Could not prune the outbox, will retry: {}", ex.toString());
				return Mono.just(0L);
			});
		}

	}

}
