package com.cloudstorage.files.sharelink.link.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the public resolver guards against guessing.
 *
 * @param failedResolutionLimit failed resolutions a client address may make per window
 * @param failedResolutionWindow the window
 * @param trustedProxies addresses or CIDR ranges ({@code 10.0.0.0/8}, {@code ::1/128})
 * whose {@code X-Forwarded-For} is believed; any other caller is limited by the address
 * it connects from, whatever it claims
 */
@Validated
@ConfigurationProperties("files.sharelink")
public record ResolutionProperties(int failedResolutionLimit, @NotNull Duration failedResolutionWindow,
		@DefaultValue List<String> trustedProxies) {

	public ResolutionProperties {
		// Fails the start on a typo rather than silently trusting nobody (or everybody).
		trustedProxies.forEach(TrustedProxies::parse);
	}

}
