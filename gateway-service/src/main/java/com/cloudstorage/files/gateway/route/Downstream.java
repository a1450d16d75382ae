package com.cloudstorage.files.gateway.route;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import com.cloudstorage.files.gateway.error.DownstreamProblemException;
import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.kit.problem.ProblemCode;

/**
 * One purpose the gateway calls a service for (the metadata API, storage transfers,
 * public link resolution, waiting for the link projection): its {@link WebClient} with
 * its timeouts, and its own circuit breaker, so one purpose failing never takes another
 * down. Calls that fail to connect, time out, answer 5xx or are refused by an open
 * breaker become {@code 503 ServiceUnavailable} with {@code Retry-After}; 4xx problems
 * are relayed.
 * <p>
 * What counts against the breaker (see {@link Downstreams#isServiceFault}): transport
 * failures, timeouts and 5xx answers, never a 4xx or a broken client body. Since a
 * caller's input can make a downstream answer 5xx (a bug) or answer slowly, each caller
 * puts at most one such failure into the breaker per {@code caller-failure-interval}
 * ({@link CallerLedger}); only a connect failure, which no input can cause, always
 * counts.
 */
final class Downstream {

	/**
	 * Spring Boot's readiness group, which every service behind the gateway publishes.
	 */
	static final String READINESS_PATH = "/actuator/health/readiness";

	private static final Duration READINESS_PAUSE = Duration.ofMillis(250);

	private final String name;

	private final String service;

	private final WebClient client;

	private final CircuitBreaker breaker;

	private final CallerLedger ledger;

	private final Duration retryAfter;

	private final String baseUrl;

	Downstream(String name, String service, String baseUrl, WebClient client, CircuitBreaker breaker,
			CallerLedger ledger, Duration retryAfter) {
		this.name = name;
		this.service = service;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.client = client;
		this.breaker = breaker;
		this.ledger = ledger;
		this.retryAfter = retryAfter;
	}

	/** The purpose, also the breaker's name. */
	String name() {
		return this.name;
	}

	/** The base URL without a trailing slash. */
	String baseUrl() {
		return this.baseUrl;
	}

	CircuitBreaker breaker() {
		return this.breaker;
	}

	/**
	 * Runs one call for this caller through the circuit breaker and maps transport
	 * failures and timeouts to {@code 503}.
	 */
	<T> Mono<T> call(String caller, Function<WebClient, Mono<T>> call) {
		return Mono.defer(() -> call.apply(this.client))
			.onErrorMap(
					(ex) -> Downstreams.isServiceFault(ex) && !isConnectFailure(ex) && !this.ledger.mayCount(caller),
					NotCounted::new)
			.transformDeferred(CircuitBreakerOperator.of(this.breaker))
			.onErrorMap(NotCounted.class, Throwable::getCause)
			.onErrorMap((ex) -> !(ex instanceof ProblemException) && !(ex instanceof DownstreamProblemException),
					(ex) -> ClientBodyException.isCause(ex) ? ProblemException.incompleteBody()
							: ProblemException.serviceUnavailable(this.service, this.retryAfter));
	}

	/**
	 * One call to the service's health endpoint on this purpose's client, outside the
	 * breaker, for the warm-up: opens a pooled connection and runs the client's code
	 * once. Any answer will do.
	 */
	Mono<Void> touch(Duration timeout) {
		return this.client.get().uri("/actuator/health").exchangeToMono(ClientResponse::releaseBody).timeout(timeout);
	}

	/**
	 * Asks the service's readiness probe on this purpose's client, outside the breaker,
	 * until it answers 200, pausing between attempts: for a warm-up while the service may
	 * still be starting (refused connections, {@code 503}). Never fails; the warm-up's
	 * bound ends it.
	 */
	Mono<Void> awaitReady(Duration attemptTimeout) {
		Mono<Boolean> ready = this.client.get()
			.uri(READINESS_PATH)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value() == 200))
			.timeout(attemptTimeout)
			.onErrorReturn(false);
		return ready.filter(Boolean::booleanValue)
			.repeatWhenEmpty((attempts) -> attempts.delayElements(READINESS_PAUSE))
			.then();
	}

	/**
	 * A connection could not even be opened: no input can cause that, so it always
	 * counts.
	 */
	static boolean isConnectFailure(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof ConnectException || t instanceof UnknownHostException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Decodes a 2xx body, or turns the answer into the error the client should see.
	 */
	<T> Mono<T> bodyOrError(ClientResponse response, Class<T> type) {
		if (response.statusCode().is2xxSuccessful()) {
			return response.bodyToMono(type)
				.switchIfEmpty(Mono.error(() -> ProblemException.serviceUnavailable(this.service, this.retryAfter)));
		}
		return error(response);
	}

	/**
	 * The error for a non-2xx answer: 4xx (and a 503 problem such as StorageUnavailable)
	 * relayed as they are, anything else 5xx becomes ServiceUnavailable.
	 */
	<T> Mono<T> error(ClientResponse response) {
		HttpStatusCode status = response.statusCode();
		MediaType contentType = response.headers().contentType().orElse(null);
		boolean problem = contentType != null && MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(contentType);
		if (status.is4xxClientError() || (status.value() == 503 && problem)) {
			return response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.flatMap((body) -> Mono.error((body.length == 0) ? emptyProblem(status)
						: new DownstreamProblemException(status, contentType, body)));
		}
		return response.releaseBody().then(Mono.error(new ServerFault(this.service, status)));
	}

	private static ProblemException emptyProblem(HttpStatusCode status) {
		return switch (status.value()) {
			case 401 -> new ProblemException(ProblemCode.UNAUTHORIZED, "A valid bearer token is required.");
			case 403 -> new ProblemException(ProblemCode.FORBIDDEN, "A scope is missing.");
			case 404 -> new ProblemException(ProblemCode.NO_SUCH_FILE, "No such file.");
			case 413 -> new ProblemException(ProblemCode.ENTITY_TOO_LARGE, "The upload is too large.");
			default -> ProblemException.invalidRequest("The request was refused (" + status.value() + ").");
		};
	}

	/**
	 * A 5xx answer: counts against the breaker, reaches the client as ServiceUnavailable.
	 */
	static final class ServerFault extends ProblemException {

		ServerFault(String service, HttpStatusCode status) {
			super(ProblemCode.SERVICE_UNAVAILABLE, service + " cannot serve the request right now.");
		}

	}

	/**
	 * A service fault this caller already counted recently: the breaker ignores it (it
	 * counts neither as failure nor as success); unwrapped right after.
	 */
	static final class NotCounted extends RuntimeException {

		NotCounted(Throwable cause) {
			super(null, cause, false, false);
		}

	}

}
