package com.cloudstorage.files.bench.baseline;

import java.net.URI;
import java.util.Set;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/**
 * With {@code --bare.relay-to=<base URL>}, the bare app also relays every request under
 * {@code /relay} to that base: method, path, query, {@code Content-Length} and
 * {@code Content-Type} on the way in; status and headers on the way back; both bodies
 * streamed. Two of them in a row are the shape of our data path (gateway, then
 * storage-service, then S3) and of link resolution (gateway, then share-link-service)
 * with none of our work in it: the ratio they reach is what two hops of this framework on
 * this machine allow. Bodies travel with the services' buffer settings (service-kit
 * {@code LargeBodies}: pooled buffers, pieces of up to 1 MiB), so the hops cost what ours
 * would cost without our own work.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("bare.relay-to")
class BareRelay {

	private static final int MAX_CHUNK_SIZE = 1024 * 1024;

	private static final Set<String> REQUEST_HEADERS = Set.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_TYPE);

	// Hop-by-hop, or set again by the server for the body it sends.
	private static final Set<String> DROPPED_RESPONSE_HEADERS = Set.of(HttpHeaders.TRANSFER_ENCODING,
			HttpHeaders.CONNECTION, "Keep-Alive");

	@Bean
	RouterFunction<ServerResponse> relayRoutes(@Value("${bare.relay-to}") String target) {
		WebClient client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create()
				.option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
				.httpResponseDecoder((spec) -> spec.maxChunkSize(MAX_CHUNK_SIZE))))
			.build();
		return RouterFunctions.route(RequestPredicates.path("/relay/**"), (request) -> relay(client, target, request));
	}

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> relayLargeBodies() {
		return (factory) -> factory.addServerCustomizers(
				(server) -> server.childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
					.httpRequestDecoder((spec) -> spec.maxChunkSize(MAX_CHUNK_SIZE)));
	}

	private static Mono<ServerResponse> relay(WebClient client, String target, ServerRequest request) {
		URI in = request.uri();
		String query = in.getRawQuery();
		URI out = URI
			.create(target + in.getRawPath().substring("/relay".length()) + ((query != null) ? "?" + query : ""));
		return client.method(request.method())
			.uri(out)
			.headers((headers) -> request.headers().asHttpHeaders().forEach((name, values) -> {
				if (REQUEST_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
					headers.addAll(name, values);
				}
			}))
			.body(BodyInserters.fromDataBuffers(request.bodyToFlux(DataBuffer.class)))
			.retrieve()
			// Every status is relayed as it is, not turned into an error.
			.onStatus((status) -> true, (response) -> Mono.empty())
			.toEntityFlux(DataBuffer.class)
			.flatMap((entity) -> ServerResponse.status(entity.getStatusCode())
				.headers((headers) -> entity.getHeaders().forEach((name, values) -> {
					if (DROPPED_RESPONSE_HEADERS.stream().noneMatch(name::equalsIgnoreCase)) {
						headers.addAll(name, values);
					}
				}))
				.body(BodyInserters.fromDataBuffers(entity.getBody())));
	}

}
