package com.cloudstorage.files.metadata.link;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Sharing-link settings.
 *
 * @param publicBaseUrl what a link starts with: the gateway's public address
 * @param tokenKey base64 of the 256-bit AES key that encrypts stored tokens; production
 * sets its own
 * @param ttl how long a new link works, or {@code null} for until reset or revoked
 */
@Validated
@ConfigurationProperties("files.metadata.links")
public record LinkProperties(@NotNull URI publicBaseUrl, @NotBlank String tokenKey, @Nullable Duration ttl) {

	/** The public URL of a link with this token. */
	public String urlOf(String token) {
		return this.publicBaseUrl.toString().replaceAll("/+$", "") + "/s/" + token;
	}

	@Override
	public String toString() {
		return "LinkProperties[publicBaseUrl=" + this.publicBaseUrl + ", ttl=" + this.ttl + "]";
	}

}
