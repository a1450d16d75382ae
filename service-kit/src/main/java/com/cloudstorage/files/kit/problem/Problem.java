package com.cloudstorage.files.kit.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * One answer in RFC 9457 form before it is written: a catalogue code, the detail for this
 * occurrence, extension members and response headers.
 */
public final class Problem {

	private final ProblemCode code;

	private final String detail;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private final HttpHeaders headers = new HttpHeaders();

	private Problem(ProblemCode code, String detail) {
		this.code = code;
		this.detail = detail;
	}

	public static Problem of(ProblemCode code, @Nullable String detail) {
		return new Problem(code, (detail != null) ? detail : code.title() + ".");
	}

	/** An extension member next to the standard ones (e.g. {@code documents}). */
	public Problem with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	public Problem header(String name, String value) {
		this.headers.set(name, value);
		return this;
	}

	/** Overload and outages tell the client when to come back. */
	public Problem retryAfter(Duration wait) {
		return header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000)));
	}

	public ProblemCode code() {
		return this.code;
	}

	public String detail() {
		return this.detail;
	}

	public Map<String, Object> properties() {
		return this.properties;
	}

	public HttpHeaders headers() {
		return this.headers;
	}

	/** Throw this problem from anywhere; the kit's handler writes it. */
	public ProblemException exception() {
		return new ProblemException(this);
	}

}
