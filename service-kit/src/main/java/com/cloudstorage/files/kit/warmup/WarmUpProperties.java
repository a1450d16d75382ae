package com.cloudstorage.files.kit.warmup;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled whether the service warms up before it reports ready
 * @param timeout the longest the whole warm-up may take; steps still running then are cut
 * off, reported, and the service reports ready anyway
 */
@Validated
@ConfigurationProperties("files.warm-up")
public record WarmUpProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("PT20S") @DurationMin(seconds = 1) Duration timeout, @DefaultValue("3") @Min(1) int attempts) {

}
