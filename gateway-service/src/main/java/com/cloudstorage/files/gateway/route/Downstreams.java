package com.cloudstorage.files.gateway.route;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.WriteTimeoutHandler;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import com.cloudstorage.files.gateway.error.DownstreamProblemException;
import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.kit.bytes.LargeBodies;

/**
 * The services behind the gateway, one {@link Downstream} per purpose, each with its own
 * timeouts and circuit breaker: the metadata API, storage transfers, public link
 * resolution and waiting for the link projection.
 */
final class Downstreams {

	static final String METADATA_API = "metadata-api";

	static final String STORAGE_TRANSFER = "storage-transfer";

	static final String LINK_RESOLUTION = "link-resolution";

	static final String LINK_AWAIT = "link-await";

	private final Downstream metadata;

	private final Downstream storage;

	private final Downstream linkResolution;

	private final Downstream linkAwait;

	private final CircuitBreakerRegistry breakers;

	private final GatewayProperties properties;

	Downstreams(GatewayProperties properties, WebClient.Builder builder) {
		this.properties = properties;
		GatewayProperties.CircuitBreaker settings = properties.circuitBreaker();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(settings.minimumNumberOfCalls())
			.waitDurationInOpenState(settings.waitInOpenState())
			// Multi-GiB uploads and downloads are legitimately slow: only failures count,
			// never duration (stalls are cut by the timeouts instead).
			.slowCallRateThreshold(100)
			.slowCallDurationThreshold(Duration.ofDays(1))
			.ignoreException(Downstreams::isIgnored)
			.recordException(Downstreams::isServiceFault)
			.build();
		this.breakers = CircuitBreakerRegistry.of(config);
		HttpClient base = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.compress(false);
		Duration idle = properties.transferIdleTimeout();
		// Transfers: no limit on the whole call, only on silence. Reads: the response
		// timeout is Reactor Netty's time between two reads; writes: each write must
		// complete (the peer must keep reading) within the same time.
		// Pooled buffers, downloads in the pieces the socket read (LargeBodies).
		HttpClient transfers = LargeBodies.client(base)
			.responseTimeout(idle)
			.doOnRequest((request, connection) -> connection.addHandlerLast("gatewayWriteTimeout",
					new WriteTimeoutHandler(idle.toMillis(), TimeUnit.MILLISECONDS)));
		HttpClient answers = base.responseTimeout(properties.responseTimeout());
		// The await call is a long poll: the server holds it for up to linkApplyTimeout.
		HttpClient longPoll = base.responseTimeout(properties.linkApplyTimeout().plus(properties.responseTimeout()));
		String metadataUrl = properties.metadataUrl().toString();
		String storageUrl = properties.storageUrl().toString();
		String shareLinkUrl = properties.shareLinkUrl().toString();
		this.metadata = downstream(METADATA_API, "metadata-service", metadataUrl, answers, builder);
		this.storage = downstream(STORAGE_TRANSFER, "storage-service", storageUrl, transfers, builder);
		this.linkResolution = downstream(LINK_RESOLUTION, "share-link-service", shareLinkUrl, answers, builder);
		this.linkAwait = downstream(LINK_AWAIT, "share-link-service", shareLinkUrl, longPoll, builder);
	}

	private Downstream downstream(String purpose, String service, String baseUrl, HttpClient http,
			WebClient.Builder builder) {
		GatewayProperties.CircuitBreaker settings = this.properties.circuitBreaker();
		WebClient client = builder.clone()
			.clientConnector(new ReactorClientHttpConnector(http))
			.baseUrl(baseUrl)
			.build();
		return new Downstream(purpose, service, baseUrl, client, this.breakers.circuitBreaker(purpose),
				new CallerLedger(settings.callerFailureInterval(), settings.maxTrackedCallers(), System::nanoTime),
				settings.waitInOpenState());
	}

	/** The metadata API: the proxy, locations, reservations, link changes. */
	Downstream metadata() {
		return this.metadata;
	}

	/** Storage transfers (uploads, streamed downloads) and presigning. */
	Downstream storage() {
		return this.storage;
	}

	/** Public {@code /s/{token}} resolution at share-link-service. */
	Downstream linkResolution() {
		return this.linkResolution;
	}

	/** Waiting until share-link-service has applied a link change. */
	Downstream linkAwait() {
		return this.linkAwait;
	}

	/**
	 * Every purpose's connection opened once (the warm-up before the gateway reports
	 * ready), so the first requests do not pay for the connections and the first run of
	 * the client code; with {@code await-services-ready}, not before each service has
	 * reported ready.
	 */
	Mono<Void> touchAll() {
		Duration timeout = this.properties.responseTimeout();
		if (this.properties.awaitServicesReady()) {
			return Mono.when(this.metadata.awaitReady(timeout), this.storage.awaitReady(timeout),
					this.linkResolution.awaitReady(timeout), this.linkAwait.awaitReady(timeout));
		}
		return Mono.when(this.metadata.touch(timeout), this.storage.touch(timeout), this.linkResolution.touch(timeout),
				this.linkAwait.touch(timeout));
	}

	CircuitBreakerRegistry breakers() {
		return this.breakers;
	}

	/** Non-transfer calls to storage use this instead of the idle timeout. */
	Duration responseTimeout() {
		return this.properties.responseTimeout();
	}

	/**
	 * Neither failure nor success: a broken client body (the client's fault), or a fault
	 * its caller already counted ({@link Downstream.NotCounted}).
	 */
	static boolean isIgnored(Throwable ex) {
		return ex instanceof Downstream.NotCounted || ClientBodyException.isCause(ex);
	}

	/**
	 * Only the service's own faults open its breaker: transport failures, timeouts and
	 * 5xx answers; refusals (4xx) and broken client bodies never do.
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
