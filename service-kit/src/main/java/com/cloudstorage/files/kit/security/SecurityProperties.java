package com.cloudstorage.files.kit.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token checks beyond signature, expiry and issuer.
 *
 * @param audiences when not empty, a token's {@code aud} must contain one of these
 * @param issuerTimeout connect and response timeout of calls to the token issuer (its
 * discovery document and signing keys)
 */
@ConfigurationProperties("files.security")
public record SecurityProperties(List<String> audiences, @DefaultValue("5s") Duration issuerTimeout) {

	public SecurityProperties {
		audiences = (audiences != null) ? List.copyOf(audiences) : List.of();
		if (issuerTimeout.isNegative() || issuerTimeout.isZero()) {
			throw new IllegalArgumentException("files.security.issuer-timeout must be positive");
		}
	}

}
