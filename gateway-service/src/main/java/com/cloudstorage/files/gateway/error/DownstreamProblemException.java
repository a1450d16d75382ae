package com.cloudstorage.files.gateway.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * A problem answered by one of our services, relayed to the client unchanged (status and
 * body).
 */
public class DownstreamProblemException extends RuntimeException {

	private final HttpStatusCode status;

	private final @Nullable MediaType contentType;

	private final byte[] body;

	public DownstreamProblemException(HttpStatusCode status, @Nullable MediaType contentType, byte[] body) {
		super("Downstream answered " + status.value(), null, false, false);
		this.status = status;
		this.contentType = contentType;
		this.body = body;
	}

	public HttpStatusCode status() {
		return this.status;
	}

	public @Nullable MediaType contentType() {
		return this.contentType;
	}

	public byte[] body() {
		return this.body;
	}

}
