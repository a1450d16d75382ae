package com.cloudstorage.files.metadata.outbox;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the outbox relay.
 *
 * @param relayEnabled whether this instance publishes outbox rows (any number of replicas
 * may)
 * @param pollInterval pause between polls
 * @param batchSize rows locked and sent per poll
 * @param sendTimeout how long to wait for the broker's acknowledgements of one batch
 */
@Validated
@ConfigurationProperties("files.metadata.outbox")
public record OutboxProperties(@DefaultValue("true") boolean relayEnabled,
		@DefaultValue("PT0.2S") @NotNull Duration pollInterval, @DefaultValue("100") @Positive int batchSize,
		@DefaultValue("PT30S") @NotNull Duration sendTimeout) {
}
