package com.cloudstorage.files.kit.problem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The one writer of problem answers, used by the exception handler, the security entry
 * points and any WebFilter: RFC 9457 problem+json with the catalogue {@code code}, or the
 * service's {@link ProblemPage} for browsers.
 */
public final class ProblemWriter {

	/** How long a client should wait before retrying a 503 that did not say. */
	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private final @Nullable ProblemPage page;

	public ProblemWriter(@Nullable ProblemPage page) {
		this.page = page;
	}

	public Mono<Void> write(ServerWebExchange exchange, ProblemCode code, String detail) {
		return write(exchange, Problem.of(code, detail));
	}

	public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(problem.code().status());
		HttpHeaders headers = response.getHeaders();
		headers.addAll(problem.headers());
		if (problem.code().status().value() >= 500 || problem.code() == ProblemCode.TOO_MANY_REQUESTS) {
			if (!headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
				headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(DEFAULT_RETRY_AFTER.toSeconds()));
			}
		}
		byte[] body;
		if (this.page != null && wantsHtml(exchange)) {
			headers.setContentType(HTML);
			body = this.page.render(problem).getBytes(StandardCharsets.UTF_8);
		}
		else {
			headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			body = json(problem, exchange.getRequest().getPath().value());
		}
		headers.setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/** The problem+json body, for callers that build a response themselves. */
	public static byte[] json(Problem problem, @Nullable String instance) {
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("type", problem.code().type().toString());
		members.put("title", problem.code().title());
		members.put("status", problem.code().status().value());
		members.put("detail", problem.detail());
		if (instance != null) {
			members.put("instance", loggablePath(instance));
		}
		members.put("code", problem.code().code());
		problem.properties().forEach(members::putIfAbsent);
		return JSON.writeValueAsBytes(members);
	}

	/**
	 * A sharing-link path carries its token: it never goes into a log line or an answer.
	 */
	public static String loggablePath(String path) {
		return path.startsWith("/s/") ? "/s/***" : path;
	}

	private static boolean wantsHtml(ServerWebExchange exchange) {
		try {
			return exchange.getRequest()
				.getHeaders()
				.getAccept()
				.stream()
				.anyMatch((type) -> !type.isWildcardType() && type.isCompatibleWith(MediaType.TEXT_HTML));
		}
		catch (InvalidMediaTypeException | IndexOutOfBoundsException ex) {
			// A client that sends a broken Accept header still gets an answer (Spring's
			// parser fails on some with an index error instead).
			return false;
		}
	}

}
