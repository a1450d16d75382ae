package com.cloudstorage.files.gateway.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A failure the gateway answers itself, as problem+json with a catalogue {@code code}.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final @Nullable Duration retryAfter;

	public ProblemException(HttpStatus status, String code, String detail) {
		this(status, code, detail, null);
	}

	public ProblemException(HttpStatus status, String code, String detail, @Nullable Duration retryAfter) {
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
		this.retryAfter = retryAfter;
	}

	/** When the client may try again ({@code Retry-After}), if the gateway knows. */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	public static ProblemException invalidRequest(String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "InvalidRequest", detail);
	}

	public static ProblemException incompleteBody() {
		return new ProblemException(HttpStatus.BAD_REQUEST, "IncompleteBody", "The request body ended early.");
	}

	public static ProblemException entityTooLarge(long maxBytes) {
		return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "EntityTooLarge",
				"The upload is larger than " + maxBytes + " bytes.");
	}

	public static ProblemException serviceUnavailable(String service) {
		return serviceUnavailable(service, null);
	}

	public static ProblemException serviceUnavailable(String service, @Nullable Duration retryAfter) {
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
				service + " cannot be reached.", retryAfter);
	}

	public static ProblemException tooManyRequests(Duration retryAfter) {
		return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "TooManyRequests",
				"Too many requests from this caller; slow down.", retryAfter);
	}

}
