package com.cloudstorage.files.metadata.security;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the problem+json bodies of the security layer, which runs before any controller
 * advice.
 */
final class ProblemResponses {

	private ProblemResponses() {
	}

	static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String code, String typeSlug,
			String detail) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		String body = "{\"type\":\"https://errors.cloudstorage.dev/files/" + typeSlug + "\",\"title\":\""
				+ status.getReasonPhrase() + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail
				+ "\",\"instance\":\"" + jsonEscape(exchange.getRequest().getPath().value()) + "\",\"code\":\"" + code
				+ "\"}";
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

	private static String jsonEscape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
