package com.cloudstorage.files.kit.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token checks beyond signature, expiry and issuer.
 *
 * @param audiences when not empty, a token's {@code aud} must contain one of these
 */
@ConfigurationProperties("files.security")
public record SecurityProperties(List<String> audiences) {

	public SecurityProperties {
		audiences = (audiences != null) ? List.copyOf(audiences) : List.of();
	}

}
