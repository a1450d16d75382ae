package com.cloudstorage.files.gateway.error;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Writes RFC 9457 problem+json bodies with the catalogue {@code code} extension.
 */
public final class Problems {

	private static final String TYPE_PREFIX = "https://errors.cloudstorage.dev/files/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	public static Mono<Void> write(ServerHttpResponse response, HttpStatusCode status, String code, String detail,
			String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", type(code));
		problem.put("title", title(code));
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", instance);
		problem.put("code", code);
		return write(response, status, MediaType.APPLICATION_PROBLEM_JSON, JSON.writeValueAsBytes(problem));
	}

	/**
	 * Sets {@code Retry-After} in whole seconds, rounded up (never 0).
	 */
	public static void retryAfter(ServerHttpResponse response, Duration delay) {
		long seconds = Math.max(1, (delay.toMillis() + 999) / 1000);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
	}

	public static Mono<Void> write(ServerHttpResponse response, HttpStatusCode status, MediaType contentType,
			byte[] body) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(contentType);
		response.getHeaders().setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * The catalogue code for a status the framework produced (no more specific code
	 * known).
	 */
	static String codeFor(int status) {
		return switch (status) {
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "NotFound";
			case 405 -> "MethodNotAllowed";
			case 413 -> "EntityTooLarge";
			case 416 -> "RangeNotSatisfiable";
			case 429 -> "TooManyRequests";
			default -> (status >= 500) ? "ServiceUnavailable" : "InvalidRequest";
		};
	}

	static String type(String code) {
		return TYPE_PREFIX + kebab(code);
	}

	static String kebab(String code) {
		return code.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	static String title(String code) {
		String words = code.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
		return words.substring(0, 1) + words.substring(1).toLowerCase(Locale.ROOT);
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
