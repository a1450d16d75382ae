package com.cloudstorage.files.kit.events;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The one consumer failure policy, tuned per service: how retriable failures are retried
 * before a record is given up (dead-lettered).
 *
 * @param maxAttempts attempts for a retriable failure before the record goes to the dead
 * letter topic; {@code 0} retries until it succeeds (the partition waits)
 * @param initialBackoff first pause between attempts
 * @param maxBackoff longest pause between attempts
 */
@Validated
@ConfigurationProperties("files.events.consumer")
public record EventConsumerProperties(@DefaultValue("0") @Min(0) long maxAttempts,
		@DefaultValue("200ms") @NotNull Duration initialBackoff, @DefaultValue("10s") @NotNull Duration maxBackoff) {

}
