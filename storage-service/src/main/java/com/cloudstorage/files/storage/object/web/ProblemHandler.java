package com.cloudstorage.files.storage.object.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.storage.object.EntityTooLargeException;
import com.cloudstorage.files.storage.object.IncompleteBodyException;
import com.cloudstorage.files.storage.object.NoSuchObjectException;
import com.cloudstorage.files.storage.object.ObjectStoreException;
import com.cloudstorage.files.storage.object.RangeNotSatisfiableException;
import com.cloudstorage.files.storage.object.StorageUnavailableException;
import com.cloudstorage.files.storage.object.UnknownProviderException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Maps every failure of the byte API to {@code application/problem+json} with a catalogue
 * code.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

	// A provider fault either clears or opens the profile's breaker within seconds; an
	// open breaker says how long it stays open instead.
	private static final Duration PROVIDER_RETRY_AFTER = Duration.ofSeconds(2);

	@ExceptionHandler(ObjectStoreException.class)
	ResponseEntity<ProblemDetail> objectStore(ObjectStoreException ex) {
		HttpHeaders headers = new HttpHeaders();
		ProblemDetail problem;
		if (ex instanceof NoSuchObjectException) {
			problem = Problems.of(HttpStatus.NOT_FOUND, "NoSuchFile", "No such file", "The file does not exist.");
		}
		else if (ex instanceof EntityTooLargeException) {
			problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "EntityTooLarge", "Entity too large",
					"The body is larger than allowed.");
		}
		else if (ex instanceof IncompleteBodyException) {
			problem = Problems.of(HttpStatus.BAD_REQUEST, "IncompleteBody", "Incomplete body",
					"The body ended before it was complete.");
		}
		else if (ex instanceof RangeNotSatisfiableException range) {
			problem = Problems.of(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "RangeNotSatisfiable",
					"Range not satisfiable", "The range starts past the end of the file.");
			if (range.size() != null) {
				headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + range.size());
			}
		}
		else if (ex instanceof UnknownProviderException) {
			problem = Problems.of(HttpStatus.BAD_REQUEST, "InvalidRequest", "Invalid request",
					"Unknown storage provider.");
		}
		else if (ex instanceof StorageUnavailableException unavailable) {
			problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "StorageUnavailable", "Storage unavailable",
					"The storage provider cannot be reached.");
			Duration retryAfter = unavailable.retryAfter();
			headers.set(HttpHeaders.RETRY_AFTER,
					retryAfterSeconds((retryAfter != null) ? retryAfter : PROVIDER_RETRY_AFTER));
		}
		else {
			problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "StorageUnavailable", "Storage unavailable",
					"The storage provider failed.");
		}
		return problem(problem, headers);
	}

	@ExceptionHandler(TransfersBusyException.class)
	ResponseEntity<ProblemDetail> transfersBusy(TransfersBusyException ex) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(ex.retryAfter()));
		return problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "Service unavailable",
				"Too many transfers are in progress; try again later."), headers);
	}

	private static String retryAfterSeconds(Duration delay) {
		return Long.toString(Math.max(1, (delay.toMillis() + 999) / 1000));
	}

	@ExceptionHandler(InvalidRequestException.class)
	ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException ex) {
		return problem(Problems.of(HttpStatus.BAD_REQUEST, "InvalidRequest", "Invalid request", ex.getMessage()),
				new HttpHeaders());
	}

	// Anything unexpected (the database down, a bug) is reported as unavailable, never as
	// a 500 with a trace.
	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		LOG.error("Unexpected failure", ex);
		return problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "Service unavailable",
				"The service cannot handle the request now."), new HttpHeaders());
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, @Nullable Object body,
			@Nullable HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		ProblemDetail problem = (body instanceof ProblemDetail detail) ? detail
				: ProblemDetail.forStatusAndDetail(status, "The request cannot be handled.");
		String code = switch (status.value()) {
			case 404 -> "NotFound";
			case 405 -> "MethodNotAllowed";
			case 413 -> "EntityTooLarge";
			case 503 -> "ServiceUnavailable";
			default -> (status.is4xxClientError()) ? "InvalidRequest" : "ServiceUnavailable";
		};
		Problems.decorate(problem, code, (problem.getTitle() != null) ? problem.getTitle() : code);
		HttpStatusCode effective = status.is5xxServerError() ? HttpStatus.SERVICE_UNAVAILABLE : status;
		problem.setStatus(effective.value());
		return super.handleExceptionInternal(ex, problem, headers, effective, exchange);
	}

	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
