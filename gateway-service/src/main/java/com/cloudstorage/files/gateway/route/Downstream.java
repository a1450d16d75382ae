package com.cloudstorage.files.gateway.route;

import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import com.cloudstorage.files.gateway.error.DownstreamProblemException;
import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.kit.problem.ProblemCode;

/**
 * One service behind the gateway: its {@link WebClient} and its circuit breaker. Calls
 * that fail to connect, time out, answer 5xx or are refused by an open breaker become
 * {@code 503 ServiceUnavailable}; 4xx problems are relayed.
 */
final class Downstream {

	private final String name;

	private final WebClient client;

	private final CircuitBreaker breaker;

	private final String baseUrl;

	Downstream(String name, String baseUrl, WebClient client, CircuitBreaker breaker) {
		this.name = name;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.client = client;
		this.breaker = breaker;
	}

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
	 * Runs one call through the circuit breaker and maps transport failures.
	 */
	<T> Mono<T> call(Function<WebClient, Mono<T>> call) {
		return Mono.defer(() -> call.apply(this.client))
			.transformDeferred(CircuitBreakerOperator.of(this.breaker))
			.onErrorMap(CallNotPermittedException.class, (ex) -> ProblemException.serviceUnavailable(this.name))
			.onErrorMap(WebClientRequestException.class, (ex) -> (ClientBodyException.isCause(ex))
					? ProblemException.incompleteBody() : ProblemException.serviceUnavailable(this.name));
	}

	/**
	 * Decodes a 2xx body, or turns the answer into the error the client should see.
	 */
	<T> Mono<T> bodyOrError(ClientResponse response, Class<T> type) {
		if (response.statusCode().is2xxSuccessful()) {
			return response.bodyToMono(type)
				.switchIfEmpty(Mono.error(() -> ProblemException.serviceUnavailable(this.name)));
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
		return response.releaseBody().then(Mono.error(new ServerFault(this.name, status)));
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

		ServerFault(String name, HttpStatusCode status) {
			super(ProblemCode.SERVICE_UNAVAILABLE, name + " cannot serve the request right now.");
		}

	}

}
