package com.cloudstorage.files.gateway.error;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring's own web exceptions (unknown route, 405, 415, unreadable input) already become
 * problem details here; this adds our {@code type} and catalogue {@code code}. It
 * replaces Boot's default problem-details advice; what escapes controllers altogether is
 * handled by {@link ProblemExceptionHandler}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, @Nullable HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		HttpStatusCode sent = status.is5xxServerError() ? HttpStatus.SERVICE_UNAVAILABLE : status;
		if (body instanceof ProblemDetail problem) {
			String code = Problems.codeFor(sent.value());
			problem.setStatus(sent.value());
			problem.setType(URI.create(Problems.type(code)));
			problem.setTitle(Problems.title(code));
			problem.setProperty("code", code);
			if (code.equals("ServiceUnavailable")) {
				problem.setDetail("The request could not be handled right now.");
			}
		}
		return super.createResponseEntity(body, headers, sent, exchange);
	}

}
