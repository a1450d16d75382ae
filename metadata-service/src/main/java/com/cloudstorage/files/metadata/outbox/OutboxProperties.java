package com.cloudstorage.files.metadata.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the outbox relay.
 *
 * @param relayEnabled whether this instance publishes outbox rows (any number of replicas
 * may; one at a time sends)
 * @param pollInterval pause between polls
 * @param batchSize rows locked and sent per poll
 * @param sendTimeout how long to wait for the broker's acknowledgement of one row
 * @param maxAttempts refusals by the broker after which a row is parked (an unreachable
 * broker counts none)
 * @param retention how long published rows are kept before they are pruned
 * @param pruneInterval how often published rows are pruned
 * @param metricsInterval how often the backlog gauges are measured (on every replica,
 * relay or not)
 */
@Validated
@ConfigurationProperties("files.metadata.outbox")
public record OutboxProperties(@DefaultValue("true") boolean relayEnabled,
		@DefaultValue("PT0.2S") @NotNull Duration pollInterval, @DefaultValue("100") @Positive int batchSize,
		@DefaultValue("PT30S") @NotNull Duration sendTimeout, @Min(1) int maxAttempts, @NotNull Duration retention,
		@NotNull Duration pruneInterval, @DefaultValue("PT15S") @NotNull Duration metricsInterval) {
}
