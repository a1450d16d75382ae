package com.cloudstorage.files.metadata.outbox;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.cloudstorage.files.kit.events.EventTracing;
import com.cloudstorage.files.kit.scheduling.ScheduledJob;

/**
 * Runs the relay every {@code files.metadata.outbox.poll-interval} and prunes published
 * rows every {@code prune-interval}, unless
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
	ScheduledJob relayOutbox(OutboxRelay relay, OutboxProperties properties) {
		return ScheduledJob.every(properties.pollInterval(), "relay the outbox", relay::relayOnce)
			.startingAfter(Duration.ZERO);
	}

	@Bean
	ScheduledJob pruneOutbox(OutboxRelay relay, OutboxProperties properties) {
		return ScheduledJob.every(properties.pruneInterval(), "prune the outbox",
				() -> relay.prunePublished(Instant.now()));
	}

}
