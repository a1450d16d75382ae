package com.cloudstorage.files.gateway.route;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.client.ClientResponse;

import com.cloudstorage.files.kit.bytes.DetachedBodies;

/**
 * Passes a downstream answer through: status, an allow-list of headers, and the body
 * streamed, never buffered.
 */
final class Relay {

	private Relay() {
	}

	static Mono<Void> answer(ClientResponse answer, ServerHttpResponse response, List<String> headerNames) {
		response.setStatusCode(answer.statusCode());
		HttpHeaders received = answer.headers().asHttpHeaders();
		for (String name : headerNames) {
			List<String> values = received.get(name);
			if (values != null) {
				response.getHeaders().put(name, values);
			}
		}
		// Per buffer, the request's trace context is of no use and costly to restore.
		return response.writeWith(DetachedBodies.detached(answer.bodyToFlux(DataBuffer.class)));
	}

}
