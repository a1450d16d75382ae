package com.cloudstorage.files.gateway.route;

import java.security.Principal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientRequest;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import com.cloudstorage.files.gateway.error.ProblemException;

/**
 * {@code GET /api/v1/files/{id}/content}: metadata-service says whether the caller may
 * read the file and where it is; then either a short-lived presigned {@code 302}
 * (default) or the bytes streamed through ({@code ?mode=stream}, with Range).
 */
@RestController
class DownloadController {

	private static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.RANGE, HttpHeaders.IF_NONE_MATCH,
			HttpHeaders.IF_RANGE);

	private static final List<String> RESPONSE_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.CONTENT_LENGTH,
			HttpHeaders.CONTENT_RANGE, HttpHeaders.ACCEPT_RANGES, HttpHeaders.CONTENT_TYPE,
			HttpHeaders.CONTENT_DISPOSITION, "X-Content-Type-Options", HttpHeaders.CACHE_CONTROL,
			HttpHeaders.LAST_MODIFIED);

	private final Downstream metadata;

	private final Downstream storage;

	private final Duration responseTimeout;

	private final InternalCalls internal;

	DownloadController(Downstreams downstreams, InternalCalls internal) {
		this.internal = internal;
		this.metadata = downstreams.metadata();
		this.storage = downstreams.storage();
		this.responseTimeout = downstreams.responseTimeout();
	}

	@GetMapping("/api/v1/files/{id}/content")
	Mono<Void> content(@PathVariable String id, @RequestParam(required = false) @Nullable String mode,
			@Nullable Principal user, ServerWebExchange exchange) {
		if (!PublicRoutes.isFileId(id)) {
			return Mono.error(ProblemException.invalidRequest("The file id must be a UUID."));
		}
		boolean stream = "stream".equals(mode);
		boolean urlOnly = "url".equals(mode);
		if (!stream && !urlOnly && mode != null && !"redirect".equals(mode)) {
			return Mono.error(ProblemException.invalidRequest("mode must be 'redirect', 'stream' or 'url'."));
		}
		String caller = Callers.of(exchange);
		// metadata-service decides what this user may read and grants reading the one
		// key; storage checks that grant and that the caller is the gateway.
		return this.internal.forUser(user)
			.flatMap((identity) -> location(id, identity, caller)
				.flatMap((location) -> stream ? stream(location, identity.withoutUser(), caller, exchange)
						: redirect(location, identity.withoutUser(), caller, exchange.getResponse(), urlOnly)));
	}

	private Mono<InternalApi.FileLocation> location(String id, InternalCalls.Identity identity, String caller) {
		return this.metadata.call(caller,
				(client) -> client.get()
					.uri("/internal/v1/files/{id}/location", id)
					.headers(identity::applyTo)
					.exchangeToMono((response) -> this.metadata.bodyOrError(response, InternalApi.FileLocation.class)));
	}

	/**
	 * A 302 to the presigned URL, or ({@code mode=url}, for browsers that open it
	 * themselves) the URL as JSON.
	 */
	private Mono<Void> redirect(InternalApi.FileLocation location, InternalCalls.Identity identity, String caller,
			ServerHttpResponse response, boolean urlOnly) {
		InternalApi.PresignDownload presign = new InternalApi.PresignDownload(location.provider(), location.key(),
				location.name(), location.contentType(), false);
		return this.storage.call(caller, (client) -> client.post()
			.uri("/internal/v1/presigned-downloads")
			// Not a transfer: a short answer is due, not just a byte now and then.
			.httpRequest(
					(request) -> request.<HttpClientRequest>getNativeRequest().responseTimeout(this.responseTimeout))
			.headers(identity::applyTo)
			.headers(location::grantStorage)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(presign)
			.exchangeToMono((answer) -> this.storage.bodyOrError(answer, InternalApi.PresignedDownload.class)))
			.flatMap((presigned) -> {
				// The URL is a bearer credential for a minute: it goes to the client and
				// nowhere else (no log).
				response.getHeaders().setCacheControl("no-store");
				if (urlOnly) {
					response.setStatusCode(HttpStatus.OK);
					response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
					byte[] json = ("{\"url\":\"" + presigned.url().replace("\"", "%22") + "\"}")
						.getBytes(java.nio.charset.StandardCharsets.UTF_8);
					return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
				}
				response.setStatusCode(HttpStatus.FOUND);
				response.getHeaders().set(HttpHeaders.LOCATION, presigned.url());
				response.getHeaders().setCacheControl("no-store");
				return response.setComplete();
			});
	}

	private Mono<Void> stream(InternalApi.FileLocation location, InternalCalls.Identity identity, String caller,
			ServerWebExchange exchange) {
		HttpHeaders incoming = exchange.getRequest().getHeaders();
		Map<String, Object> variables = new HashMap<>();
		variables.put("provider", location.provider());
		variables.put("key", location.key());
		variables.put("filename", location.name());
		variables.put("contentType",
				(location.contentType() != null) ? location.contentType() : MediaType.APPLICATION_OCTET_STREAM_VALUE);
		return this.storage.call(caller, (client) -> client.get()
			.uri("/internal/v1/objects/{provider}?key={key}&filename={filename}&contentType={contentType}", variables)
			.headers((headers) -> {
				identity.applyTo(headers);
				location.grantStorage(headers);
				for (String name : REQUEST_HEADERS) {
					List<String> values = incoming.get(name);
					if (values != null) {
						headers.put(name, values);
					}
				}
			})
			.exchangeToMono((answer) -> {
				int status = answer.statusCode().value();
				if (status != 200 && status != 206 && status != 304 && status != 416) {
					return this.storage.error(answer);
				}
				return Relay.answer(answer, exchange.getResponse(), RESPONSE_HEADERS);
			}));
	}

}
