package com.cloudstorage.files.gateway.route;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.hibernate.validator.constraints.time.DurationMin;

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
 * @param responseTimeout longest wait for an answer (and between two reads of it) on
 * every call that is not a byte transfer
 * @param transferIdleTimeout a byte transfer to or from storage-service fails when no
 * byte could be written or read for this long (never a limit on the whole transfer)
 * @param clientIdleTimeout an upload whose client sends no byte for this long while the
 * gateway wants one is refused ({@code 400 IncompleteBody}) and its reservation aborted
 * @param circuitBreaker settings of the per-purpose circuit breakers
 * @param rateLimit per-caller limit on {@code /api/**}
 * @param linkApplyTimeout how long a link change waits for share-link-service to apply it
 * before answering
 * @param ui what the web UI needs to sign in
 * @param awaitServicesReady whether the start-up warm-up waits (within
 * {@code files.warm-up.timeout}) until each service behind the gateway has answered its
 * readiness probe with 200, so the gateway reports ready only after them (the local stack
 * starts them all at once); readiness never looks at them again after the start
 */
@Validated
@ConfigurationProperties("files.gateway")
public record GatewayProperties(@NotNull @DefaultValue("http://127.0.0.1:8081") URI metadataUrl,
		@NotNull @DefaultValue("http://127.0.0.1:8082") URI storageUrl,
		@NotNull @DefaultValue("http://127.0.0.1:8083") URI shareLinkUrl,
		@Positive @DefaultValue("5368709120") long maxUploadBytes,
		@NotNull @DurationMin(millis = 1) @DefaultValue("2s") Duration connectTimeout,
		@NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration responseTimeout,
		@NotNull @DurationMin(millis = 1) @DefaultValue("60s") Duration transferIdleTimeout,
		@NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration clientIdleTimeout,
		@Valid @NotNull @DefaultValue CircuitBreaker circuitBreaker, @Valid @NotNull @DefaultValue RateLimit rateLimit,
		@NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration linkApplyTimeout,
		@Valid @NotNull @DefaultValue Ui ui, @DefaultValue("false") boolean awaitServicesReady) {

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
	 * @param callerFailureInterval one caller puts at most one failure into a breaker per
	 * interval (so no single caller can open it)
	 * @param maxTrackedCallers bound on the callers remembered per breaker for that rule
	 */
	public record CircuitBreaker(@Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
			@Min(1) @DefaultValue("20") int slidingWindowSize, @Min(1) @DefaultValue("10") int minimumNumberOfCalls,
			@NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration waitInOpenState,
			@NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration callerFailureInterval,
			@Min(1) @DefaultValue("10000") int maxTrackedCallers) {
	}

	/**
	 * A token bucket per JWT subject, in memory on each instance.
	 *
	 * @param requestsPerSecond sustained rate one caller may send
	 * @param burst requests one caller may send at once after being idle
	 * @param maxCallers bound on the buckets kept; idle (full) buckets are dropped first
	 */
	public record RateLimit(@DecimalMin("0.001") @DefaultValue("20") double requestsPerSecond,
			@Min(1) @DefaultValue("40") int burst, @Min(1) @DefaultValue("100000") int maxCallers) {
	}

}
