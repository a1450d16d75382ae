package com.cloudstorage.files.gateway.route;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway finds the services behind it and how it protects itself from them.
 *
 * @param metadataUrl base URL of metadata-service
 * @param storageUrl base URL of storage-service
 * @param shareLinkUrl base URL of share-link-service (public links, read-your-writes for
 * link changes)
 * @param maxUploadBytes uploads announcing a larger {@code Content-Length} are refused
 * before any byte is read
 * @param connectTimeout TCP connect timeout towards every downstream service
 * @param circuitBreaker settings of the per-service circuit breakers
 * @param linkApplyTimeout how long a link change waits for share-link-service to apply it
 * before answering
 * @param ui what the web UI needs to sign in
 */
@Validated
@ConfigurationProperties("files.gateway")
public record GatewayProperties(@NotNull @DefaultValue("http://127.0.0.1:8081") URI metadataUrl,
		@NotNull @DefaultValue("http://127.0.0.1:8082") URI storageUrl,
		@NotNull @DefaultValue("http://127.0.0.1:8083") URI shareLinkUrl,
		@Positive @DefaultValue("5368709120") long maxUploadBytes, @NotNull @DefaultValue("2s") Duration connectTimeout,
		@Valid @NotNull @DefaultValue CircuitBreaker circuitBreaker,
		@NotNull @DefaultValue("5s") Duration linkApplyTimeout, @Valid @NotNull @DefaultValue Ui ui) {

	/**
	 * @param issuerUrl the OAuth2 issuer the browser signs in with (authorization code +
	 * PKCE)
	 * @param clientId the public client registered for the UI
	 * @param scopes the scopes the UI asks for
	 */
	public record Ui(@NotNull @DefaultValue("http://localhost:9090") URI issuerUrl,
			@NotNull @DefaultValue("web-ui") String clientId,
			@NotNull @DefaultValue("files:read files:write files:delete files:share files:admin documents:write") String scopes) {
	}

	/**
	 * @param failureRateThreshold percentage of failed calls that opens the breaker
	 * @param slidingWindowSize number of calls the failure rate is computed over
	 * @param minimumNumberOfCalls calls needed before the rate counts
	 * @param waitInOpenState how long the breaker stays open before probing again
	 */
	public record CircuitBreaker(@Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
			@Min(1) @DefaultValue("20") int slidingWindowSize, @Min(1) @DefaultValue("10") int minimumNumberOfCalls,
			@NotNull @DefaultValue("10s") Duration waitInOpenState) {
	}

}
