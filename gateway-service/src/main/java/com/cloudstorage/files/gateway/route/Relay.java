package com.cloudstorage.files.gateway.route;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.client.ClientResponse;

import com.cloudstorage.files.kit.bytes.DetachedBodies;

/**
 * Passes a downstream answer through: status, an allow-list of headers, and the body
 * streamed, never buffered. An answer that declares no body ({@code Content-Length: 0},
 * such as share-link-service's {@code 302} to a presigned URL) is answered the same way,
 * with {@code Content-Length: 0}, and no body stream at all.
 */
final class Relay {

	/**
	 * Buffers a relayed body may have asked for ahead of the socket they go to: Reactor
	 * Netty's writer asks for 128, and with bodies in pieces of up to 64 KiB
	 * ({@link com.cloudstorage.files.kit.bytes.LargeBodies}) that would be 8 MiB per slow
	 * transfer; 16 keep it near 1 MiB.
	 */
	static final int AHEAD = 16;

	private Relay() {
	}

	/** {@code body}, asking its source for at most {@link #AHEAD} buffers ahead. */
	static <T> Flux<T> boundedAhead(Flux<T> body) {
		return body.limitRate(AHEAD);
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
		if (received.getContentLength() == 0) {
			// Streaming nothing still cost a write pipeline per request and went out
			// as an empty chunked body (#10).
			return answer.releaseBody().then(response.setComplete());
		}
		// Per buffer, the request's trace context is of no use and costly to restore.
		return response.writeWith(DetachedBodies.detached(boundedAhead(answer.bodyToFlux(DataBuffer.class))));
	}

}
