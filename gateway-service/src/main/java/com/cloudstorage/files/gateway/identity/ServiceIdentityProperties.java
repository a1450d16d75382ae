package com.cloudstorage.files.gateway.identity;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own identity towards the services behind it: an OAuth2 client-credentials
 * client of the token issuer, whose tokens carry {@code files:internal} and the audiences
 * of metadata-, storage- and share-link-service.
 *
 * @param tokenUri the issuer's token endpoint
 * @param clientId the gateway's client id at the issuer
 * @param clientSecret its secret (from a secret store; no default)
 * @param scope the scope asked for
 * @param refreshBeforeExpiry a cached token is replaced this long before it expires, so
 * no call carries one that expires on the way
 * @param timeout connect and response timeout of the token call; an issuer slower than
 * this is down ({@code 503})
 */
@Validated
@ConfigurationProperties("files.gateway.identity")
public record ServiceIdentityProperties(@NotNull URI tokenUri, @NotBlank String clientId, @NotBlank String clientSecret,
		@NotBlank @DefaultValue("files:internal") String scope,
		@NotNull @DurationMin(seconds = 0) @DefaultValue("60s") Duration refreshBeforeExpiry,
		@NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration timeout) {

	/** Never the secret. */
	@Override
	public String toString() {
		return "ServiceIdentityProperties[tokenUri=" + this.tokenUri + ", clientId=" + this.clientId + ", scope="
				+ this.scope + "]";
	}

}
