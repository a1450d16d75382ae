package com.cloudstorage.files.storage.object.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problems carrying the catalogue's {@code code} extension. */
final class Problems {

	static final String TYPE_PREFIX = "https://errors.cloudstorage.dev/files/";

	private Problems() {
	}

	static ProblemDetail of(HttpStatusCode status, String code, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		return decorate(problem, code, title);
	}

	static ProblemDetail decorate(ProblemDetail problem, String code, String title) {
		problem.setType(URI.create(TYPE_PREFIX + kebab(code)));
		problem.setTitle(title);
		problem.setProperty("code", code);
		return problem;
	}

	static String kebab(String code) {
		return code.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * The JSON of a problem, for the few places (security) that write a response by hand.
	 */
	static String json(int status, String code, String title, String detail) {
		return "{\"type\":\"" + TYPE_PREFIX + kebab(code) + "\",\"title\":\"" + title + "\",\"status\":" + status
				+ ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
	}

}
