package com.cloudstorage.files.storage.reconcile.web;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** RFC 9457 problems of the admin endpoints, in the service's code catalogue. */
final class AdminProblems {

	private static final String TYPE_PREFIX = "https://errors.cloudstorage.dev/files/";

	private AdminProblems() {
	}

	static ResponseEntity<Object> of(HttpStatus status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + kebab(code)));
		problem.setTitle(status.getReasonPhrase());
		problem.setProperty("code", code);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	static String json(int status, String code, String title, String detail) {
		return "{\"type\":\"" + TYPE_PREFIX + kebab(code) + "\",\"title\":\"" + title + "\",\"status\":" + status
				+ ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
	}

	private static String kebab(String code) {
		return code.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
