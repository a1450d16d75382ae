package com.cloudstorage.files.gateway.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;

import org.springframework.http.HttpStatus;

/**
 * A failure the gateway answers itself; the kit writes it as problem+json. The factories
 * name the gateway's own refusals.
 */
public class ProblemException extends com.cloudstorage.files.kit.problem.ProblemException {

	public ProblemException(ProblemCode code, String detail) {
		super(Problem.of(code, detail));
	}

	public HttpStatus status() {
		return problem().code().status();
	}

	public String code() {
		return problem().code().code();
	}

	public static ProblemException invalidRequest(String detail) {
		return new ProblemException(ProblemCode.INVALID_REQUEST, detail);
	}

	public static ProblemException incompleteBody() {
		return new ProblemException(ProblemCode.INCOMPLETE_BODY, "The request body ended early.");
	}

	public static ProblemException entityTooLarge(long maxBytes) {
		return new ProblemException(ProblemCode.ENTITY_TOO_LARGE, "The upload is larger than " + maxBytes + " bytes.");
	}

	public static ProblemException serviceUnavailable(String service) {
		return new ProblemException(ProblemCode.SERVICE_UNAVAILABLE, service + " cannot be reached.");
	}

	/** Refused by an open breaker: the client may come back when it half-opens. */
	public static ProblemException serviceUnavailable(String service, @Nullable Duration retryAfter) {
		ProblemException problem = serviceUnavailable(service);
		if (retryAfter != null) {
			problem.problem().retryAfter(retryAfter);
		}
		return problem;
	}

	public static ProblemException tooManyRequests(Duration retryAfter) {
		ProblemException problem = new ProblemException(ProblemCode.TOO_MANY_REQUESTS,
				"Too many requests from this caller; slow down.");
		problem.problem().retryAfter(retryAfter);
		return problem;
	}

}
