package com.cloudstorage.files.sharelink.link.web;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Framework errors as problem+json with a code; anything unexpected as a 503, never a 500
 * or a stack trace.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		LOG.error("Unexpected error: {}", ex.toString());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The request could not be handled; try again later.");
		problem.setTitle("Service unavailable");
		problem.setType(URI.create("https://errors.cloudstorage.dev/files/service-unavailable"));
		problem.setProperty("code", "ServiceUnavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
	}

}
