package com.cloudstorage.files.gateway.route;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import com.cloudstorage.files.gateway.error.DownstreamProblemException;
import com.cloudstorage.files.gateway.error.ProblemException;

/**
 * The services behind the gateway, each with its own connection settings and circuit
 * breaker.
 */
final class Downstreams {

	private final Downstream metadata;

	private final Downstream storage;

	private final Downstream shareLinks;

	private final CircuitBreakerRegistry breakers;

	Downstreams(GatewayProperties properties, WebClient.Builder builder) {
		GatewayProperties.CircuitBreaker settings = properties.circuitBreaker();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(settings.minimumNumberOfCalls())
			.waitDurationInOpenState(settings.waitInOpenState())
			// Multi-GiB uploads and downloads are legitimately slow: only failures count,
			// never duration.
			.slowCallRateThreshold(100)
			.slowCallDurationThreshold(java.time.Duration.ofDays(1))
			.recordException(Downstreams::isServiceFault)
			.build();
		this.breakers = CircuitBreakerRegistry.of(config);
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.compress(false);
		ReactorClientHttpConnector connector = new ReactorClientHttpConnector(http);
		this.metadata = new Downstream("metadata-service", properties.metadataUrl().toString(),
				builder.clone().clientConnector(connector).baseUrl(properties.metadataUrl().toString()).build(),
				this.breakers.circuitBreaker("metadata-service"));
		this.storage = new Downstream("storage-service", properties.storageUrl().toString(),
				builder.clone().clientConnector(connector).baseUrl(properties.storageUrl().toString()).build(),
				this.breakers.circuitBreaker("storage-service"));
		this.shareLinks = new Downstream("share-link-service", properties.shareLinkUrl().toString(),
				builder.clone().clientConnector(connector).baseUrl(properties.shareLinkUrl().toString()).build(),
				this.breakers.circuitBreaker("share-link-service"));
	}

	Downstream metadata() {
		return this.metadata;
	}

	Downstream storage() {
		return this.storage;
	}

	Downstream shareLinks() {
		return this.shareLinks;
	}

	CircuitBreakerRegistry breakers() {
		return this.breakers;
	}

	/**
	 * Only the service's own faults open its breaker; refusals (4xx) and broken client
	 * bodies do not.
	 */
	static boolean isServiceFault(Throwable ex) {
		if (ClientBodyException.isCause(ex)) {
			return false;
		}
		if (ex instanceof ProblemException problem) {
			return problem.status().is5xxServerError();
		}
		if (ex instanceof DownstreamProblemException relayed) {
			return relayed.status().is5xxServerError();
		}
		return true;
	}

}
