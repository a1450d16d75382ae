package com.cloudstorage.files.issuer;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the local token issuer.
 *
 * @param url the pinned issuer ({@code iss}), so tokens do not depend on the Host header
 * @param webUiRedirectUri where the {@code web-ui} client may be sent back after login
 * @param tokenTtl access token lifetime
 * @param allowedOrigins browser origins (the web UI) that may call the token endpoint
 * @param gatewayClientId the gateway's client (client credentials, scope
 * {@code files:internal})
 * @param gatewayClientSecret its secret; a local default, like every secret here
 */
@Validated
@ConfigurationProperties("files.issuer")
public record IssuerProperties(@NotNull @DefaultValue("http://localhost:9090") URI url,
		@NotNull @DefaultValue("http://localhost:8080/login/callback") URI webUiRedirectUri,
		@NotNull @DefaultValue("1h") Duration tokenTtl,
		@NotNull @DefaultValue("http://localhost:8080") java.util.List<String> allowedOrigins,
		@NotNull @DefaultValue("gateway-service") String gatewayClientId,
		@NotNull @DefaultValue("gateway-secret") String gatewayClientSecret) {
}
