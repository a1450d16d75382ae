package com.cloudstorage.files.gateway.route;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.kit.problem.ProblemCode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sharing links through the gateway. {@code /s/{token}} is public and answered by
 * share-link-service from its own projection. Creating, resetting and revoking a link go
 * to metadata-service; before the gateway answers, it waits until share-link-service has
 * applied the change, so a reset link is dead for everyone once the reset returned.
 */
@RestController
class ShareLinkController {

	private static final String LINK_ID = "X-Link-Id";

	private static final String REVOKED_LINK_ID = "X-Revoked-Link-Id";

	private static final List<String> PUBLIC_RESPONSE_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_TYPE,
			HttpHeaders.CACHE_CONTROL, HttpHeaders.RETRY_AFTER, "Referrer-Policy", "X-Robots-Tag",
			"Content-Security-Policy", "X-Content-Type-Options");

	private final Downstream metadata;

	private final Downstream linkResolution;

	private final Downstream linkAwait;

	private final GatewayProperties properties;

	private final InternalCalls internal;

	ShareLinkController(Downstreams downstreams, GatewayProperties properties, InternalCalls internal) {
		this.internal = internal;
		this.metadata = downstreams.metadata();
		this.linkResolution = downstreams.linkResolution();
		this.linkAwait = downstreams.linkAwait();
		this.properties = properties;
	}

	@RequestMapping(path = "/s/{token}", method = { RequestMethod.GET, RequestMethod.HEAD })
	Mono<Void> resolve(@PathVariable String token, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		String rawQuery = request.getURI().getRawQuery();
		URI target = URI.create(this.linkResolution.baseUrl() + request.getURI().getRawPath()
				+ ((rawQuery != null) ? "?" + rawQuery : ""));
		return this.linkResolution.call(Callers.of(exchange),
				(client) -> client.method(request.getMethod()).uri((builder) -> target).headers((headers) -> {
					String accept = request.getHeaders().getFirst(HttpHeaders.ACCEPT);
					if (accept != null) {
						headers.set(HttpHeaders.ACCEPT, accept);
					}
					// The address this gateway saw, never one the client claims: failed
					// lookups are limited per address.
					headers.set("X-Forwarded-For", Callers.address(request));
				}).exchangeToMono((answer) -> {
					if (answer.statusCode().is5xxServerError()) {
						return this.linkResolution.error(answer);
					}
					return Relay.answer(answer, exchange.getResponse(), PUBLIC_RESPONSE_HEADERS);
				}));
	}

	/**
	 * Link changes, and file deletion (a deleted file's links die with it): answered once
	 * share-link-service shows the change, so no link works a moment after the call that
	 * killed it returned.
	 */
	@RequestMapping(path = { "/api/v1/files/{id}/share-link", "/api/v1/files/{id}/share-link/reset" },
			method = { RequestMethod.GET, RequestMethod.POST, RequestMethod.DELETE })
	Mono<Void> change(@PathVariable String id, ServerWebExchange exchange) {
		return changeAndAwait(exchange);
	}

	@RequestMapping(path = "/api/v1/files/{id}", method = RequestMethod.DELETE)
	Mono<Void> delete(@PathVariable String id, ServerWebExchange exchange) {
		return changeAndAwait(exchange);
	}

	private Mono<Void> changeAndAwait(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		PublicRoutes.checkMethod(request.getMethod(), request.getPath().pathWithinApplication());
		PublicRoutes.checkFileId(request.getPath().pathWithinApplication());
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		String rawQuery = request.getURI().getRawQuery();
		URI target = URI.create(
				this.metadata.baseUrl() + request.getURI().getRawPath() + ((rawQuery != null) ? "?" + rawQuery : ""));
		String caller = Callers.of(exchange);
		return this.metadata.call(caller,
				(client) -> client.method(request.getMethod())
					.uri((builder) -> target)
					.headers((headers) -> authorize(headers, authorization))
					.exchangeToMono((answer) -> {
						if (!answer.statusCode().is2xxSuccessful()) {
							return this.metadata.<LinkAnswer>error(answer);
						}
						HttpHeaders headers = answer.headers().asHttpHeaders();
						return answer.bodyToMono(byte[].class)
							.defaultIfEmpty(new byte[0])
							.map((body) -> new LinkAnswer(answer.statusCode().value(), headers.getFirst(LINK_ID),
									headers.getFirst(REVOKED_LINK_ID), body));
					}))
			.flatMap((answer) -> awaitApplied(request.getMethod(), answer, caller).thenReturn(answer))
			.flatMap((answer) -> {
				ServerHttpResponse response = exchange.getResponse();
				response.setStatusCode(HttpStatus.valueOf(answer.status()));
				response.getHeaders().setCacheControl("no-store");
				if (answer.body().length == 0) {
					return response.setComplete();
				}
				response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
				return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
			});
	}

	/**
	 * Waits until share-link-service shows the new link live and the old one dead; reads
	 * need no wait. One call to any replica is enough: all replicas resolve from one
	 * shared projection database, so what one of them shows, all of them answer.
	 */
	private Mono<Void> awaitApplied(HttpMethod method, LinkAnswer answer, String caller) {
		if (HttpMethod.GET.equals(method) || (answer.linkId() == null && answer.revokedLinkId() == null)) {
			return Mono.empty();
		}
		StringBuilder query = new StringBuilder("/internal/v1/links/await?timeoutMs=")
			.append(this.properties.linkApplyTimeout().toMillis());
		if (answer.linkId() != null) {
			query.append("&active=").append(answer.linkId());
		}
		if (answer.revokedLinkId() != null) {
			query.append("&revoked=").append(answer.revokedLinkId());
		}
		// The change is committed: share-link-service is asked by the gateway itself.
		return this.internal.asGateway()
			.flatMap((identity) -> this.linkAwait.call(caller, (client) -> client.get()
				.uri(query.toString())
				.headers(identity::applyTo)
				.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.releaseBody()
						: response.releaseBody()
							.then(Mono.error(new ProblemException(ProblemCode.PROJECTION_LAG,
									"The link was changed but is not yet effective everywhere; it will be within seconds."))))));
	}

	private static void authorize(HttpHeaders headers, @Nullable String authorization) {
		if (authorization != null) {
			headers.set(HttpHeaders.AUTHORIZATION, authorization);
		}
	}

	private record LinkAnswer(int status, @Nullable String linkId, @Nullable String revokedLinkId, byte[] body) {
	}

}
