package com.cloudstorage.files.gateway.error;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The one place that turns every failure into problem+json: our own problems, relayed
 * downstream problems, framework errors (404 unknown route, 405, 415, bad input) and
 * unreachable services. Never a stack trace.
 */
@Component
@Order(-2) // before Boot's DefaultErrorWebExceptionHandler (-1), see
			// ErrorWebFluxAutoConfiguration
public class ProblemExceptionHandler implements ErrorWebExceptionHandler {

	private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	/** Every 503 says when to come back; this when nothing more precise is known. */
	private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			// Bytes already went out (a stream broke midway): all we can do is cut the
			// connection.
			return Mono.error(ex);
		}
		exchange.getResponse().getHeaders().clear();
		String path = exchange.getRequest().getPath().value();
		if (ex instanceof DownstreamProblemException relayed) {
			if (relayed.status().value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
				Problems.retryAfter(exchange.getResponse(), DEFAULT_RETRY_AFTER);
			}
			return Problems.write(exchange.getResponse(), relayed.status(),
					(relayed.contentType() != null) ? relayed.contentType() : MediaType.APPLICATION_PROBLEM_JSON,
					relayed.body());
		}
		if (ex instanceof ProblemException problem) {
			if (problem.retryAfter() != null) {
				Problems.retryAfter(exchange.getResponse(), problem.retryAfter());
			}
			else if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
				Problems.retryAfter(exchange.getResponse(), DEFAULT_RETRY_AFTER);
			}
			return Problems.write(exchange.getResponse(), problem.status(), problem.code(), problem.getMessage(), path);
		}
		if (ex instanceof MethodNotAllowedException notAllowed) {
			exchange.getResponse().getHeaders().setAllow(notAllowed.getSupportedMethods());
			return Problems.write(exchange.getResponse(), HttpStatus.METHOD_NOT_ALLOWED, "MethodNotAllowed",
					"Method " + notAllowed.getHttpMethod() + " is not allowed here.", path);
		}
		if (ex instanceof InvalidMediaTypeException) {
			return Problems.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, "InvalidRequest",
					"The Content-Type is not a valid media type.", path);
		}
		if (ex instanceof DecodingException) {
			return Problems.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, "InvalidRequest",
					"The request body could not be read.", path);
		}
		if (ex instanceof ResponseStatusException status) {
			return writeStatus(exchange, status.getStatusCode(), path);
		}
		if (ex instanceof CallNotPermittedException || ex instanceof WebClientRequestException
				|| ex instanceof AuthenticationServiceException) {
			LOG.warn("A downstream dependency is unavailable: {}", ex.getClass().getSimpleName());
			Problems.retryAfter(exchange.getResponse(), DEFAULT_RETRY_AFTER);
			return Problems.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
					"A service behind the gateway cannot be reached.", path);
		}
		// A sharing-link path carries its token: never into a log line.
		LOG.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(),
				path.replaceFirst("^/s/.*", "/s/***"), ex);
		Problems.retryAfter(exchange.getResponse(), DEFAULT_RETRY_AFTER);
		return Problems.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
				"The request could not be handled right now.", path);
	}

	private Mono<Void> writeStatus(ServerWebExchange exchange, HttpStatusCode status, String path) {
		String code = Problems.codeFor(status.value());
		HttpStatusCode sent = status.is5xxServerError() ? HttpStatus.SERVICE_UNAVAILABLE : status;
		if (sent == HttpStatus.SERVICE_UNAVAILABLE) {
			Problems.retryAfter(exchange.getResponse(), DEFAULT_RETRY_AFTER);
		}
		String detail = switch (code) {
			case "NotFound" -> "No route for " + path + ".";
			case "MethodNotAllowed" -> "Method not allowed here.";
			case "ServiceUnavailable" -> "The request could not be handled right now.";
			default -> "The request is not valid here.";
		};
		return Problems.write(exchange.getResponse(), sent, code, detail, path);
	}

}
