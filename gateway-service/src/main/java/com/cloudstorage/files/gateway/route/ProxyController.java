package com.cloudstorage.files.gateway.route;

import java.net.URI;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

/**
 * The rest of {@code /api/v1/**} goes to metadata-service as it came: method, raw path
 * and query, streamed body, and an allow-list of end-to-end headers (so hop-by-hop
 * headers never cross). The answer comes back the same way.
 */
@RestController
class ProxyController {

	private static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
			HttpHeaders.CONTENT_LENGTH, HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE, HttpHeaders.IF_MATCH,
			HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MODIFIED_SINCE, "traceparent");

	private static final List<String> RESPONSE_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH,
			HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.CACHE_CONTROL, HttpHeaders.ALLOW,
			HttpHeaders.LAST_MODIFIED);

	private final Downstream metadata;

	ProxyController(Downstreams downstreams) {
		this.metadata = downstreams.metadata();
	}

	@RequestMapping("/api/v1/**")
	Mono<Void> proxy(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		PublicRoutes.checkMethod(request.getMethod(), request.getPath().pathWithinApplication());
		PublicRoutes.checkFileId(request.getPath().pathWithinApplication());
		String rawQuery = request.getURI().getRawQuery();
		// The raw path and query, byte for byte: never decoded and encoded again.
		URI target = URI.create(
				this.metadata.baseUrl() + request.getURI().getRawPath() + ((rawQuery != null) ? "?" + rawQuery : ""));
		HttpHeaders incoming = request.getHeaders();
		boolean hasBody = incoming.getContentLength() > 0 || incoming.containsHeader(HttpHeaders.TRANSFER_ENCODING);
		return this.metadata.call(Callers.of(exchange), (client) -> {
			WebClient.RequestBodySpec spec = client.method(request.getMethod())
				.uri((builder) -> target)
				.headers((headers) -> {
					for (String name : REQUEST_HEADERS) {
						List<String> values = incoming.get(name);
						if (values != null) {
							headers.put(name, values);
						}
					}
				});
			WebClient.RequestHeadersSpec<?> ready = hasBody
					? spec.body(BodyInserters.fromDataBuffers(request.getBody().onErrorMap(ClientBodyException::new)))
					: spec;
			return ready.exchangeToMono((answer) -> {
				if (answer.statusCode().is5xxServerError()) {
					return this.metadata.error(answer);
				}
				return Relay.answer(answer, exchange.getResponse(), RESPONSE_HEADERS);
			});
		});
	}

}
