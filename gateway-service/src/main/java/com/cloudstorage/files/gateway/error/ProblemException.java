package com.cloudstorage.files.gateway.error;

import org.springframework.http.HttpStatus;

/**
 * A failure the gateway answers itself, as problem+json with a catalogue {@code code}.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	public ProblemException(HttpStatus status, String code, String detail) {
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
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
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
				service + " cannot be reached.");
	}

}
