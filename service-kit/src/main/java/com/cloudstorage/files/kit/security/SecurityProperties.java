package com.cloudstorage.files.kit.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token checks beyond signature, expiry and issuer.
 *
 * @param audiences the audiences this service accepts: a token's {@code aud} must contain
 * one of them. Required, so that a token issued for another service (or another system
 * trusting the same issuer) is never accepted here
 * @param issuerTimeout connect and response timeout of calls to the token issuer (its
 * discovery document and signing keys)
 */
@ConfigurationProperties("files.security")
public record SecurityProperties(List<String> audiences, @DefaultValue("5s") Duration issuerTimeout) {

	public SecurityProperties {
		audiences = (audiences != null) ? audiences.stream().filter((aud) -> !aud.isBlank()).toList() : List.of();
		if (audiences.isEmpty()) {
			throw new IllegalArgumentException("files.security.audiences is not set: name the token audience(s) "
					+ "this service accepts (FILES_SECURITY_AUDIENCES, e.g. its own name)");
		}
		if (issuerTimeout.isNegative() || issuerTimeout.isZero()) {
			throw new IllegalArgumentException("files.security.issuer-timeout must be positive");
		}
	}

}
