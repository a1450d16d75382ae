package com.cloudstorage.files.gateway.route;

import com.cloudstorage.files.gateway.identity.ServiceIdentityProperties;
import com.cloudstorage.files.gateway.identity.ServiceTokens;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.mock.http.client.reactive.MockClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * For the controller slices: the gateway's {@link Downstreams} with every service behind
 * it replaced by a script. Each outbound call is recorded (method, URI, headers, body)
 * and answered by the first matching script line, without a server or a socket; an
 * unscripted call answers 599 so a test that forgot one fails loudly.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({ GatewayProperties.class, ServiceIdentityProperties.class })
public class ScriptedDownstreams implements ExchangeFunction {

	private static final ExchangeStrategies STRATEGIES = ExchangeStrategies.withDefaults();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final List<Line> script = new CopyOnWriteArrayList<>();

	/** The gateway's real identity, from test-support's token endpoint. */
	@Bean
	InternalCalls internalCalls(ServiceIdentityProperties identity) {
		return new InternalCalls(new ServiceTokens(identity));
	}

	@Bean
	Downstreams downstreams(GatewayProperties properties) {
		return new Downstreams(properties, WebClient.builder().exchangeFunction(this));
	}

	/** Forgets the calls and the script (call before each test). */
	public void reset() {
		this.calls.clear();
		this.script.clear();
	}

	/** Calls whose method and path (without the query) match. */
	public void answer(HttpMethod method, String path, Function<Call, ClientResponse> answer) {
		this.script.add(new Line((call) -> call.method().equals(method) && call.uri().getRawPath().equals(path),
				(call) -> Mono.just(answer.apply(call))));
	}

	/** Calls whose method matches and whose path starts with {@code prefix}. */
	public void answerUnder(HttpMethod method, String prefix, Function<Call, ClientResponse> answer) {
		this.script.add(new Line((call) -> call.method().equals(method) && call.uri().getRawPath().startsWith(prefix),
				(call) -> Mono.just(answer.apply(call))));
	}

	/** Calls whose method and path match are never answered. */
	public void neverAnswer(HttpMethod method, String path) {
		this.script.add(new Line((call) -> call.method().equals(method) && call.uri().getRawPath().equals(path),
				(call) -> Mono.never()));
	}

	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	public List<Call> calls(HttpMethod method, String path) {
		return this.calls.stream()
			.filter((call) -> call.method().equals(method) && call.uri().getRawPath().equals(path))
			.toList();
	}

	@Override
	public Mono<ClientResponse> exchange(ClientRequest request) {
		MockClientHttpRequest written = new MockClientHttpRequest(request.method(), request.url());
		request.headers().forEach((name, values) -> written.getHeaders().put(name, values));
		return request.body()
			.insert(written, new Context())
			.then(Mono.defer(() -> DataBufferUtils.join(written.getBody()).map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})))
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> {
				Call call = new Call(request.method(), request.url(), written.getHeaders(), body);
				this.calls.add(call);
				for (Line line : this.script) {
					if (line.matches().test(call)) {
						return line.answer().apply(call);
					}
				}
				return Mono.just(ClientResponse.create(HttpStatusCode.valueOf(599)).build());
			});
	}

	public static ClientResponse json(HttpStatus status, String json) {
		return ClientResponse.create(status)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.body(json)
			.build();
	}

	public static ClientResponse problem(HttpStatus status, String code) {
		return ClientResponse.create(status)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
			.body("{\"type\":\"https://errors.cloudstorage.dev/files/x\",\"title\":\"" + code + "\",\"status\":"
					+ status.value() + ",\"detail\":\"from downstream\",\"code\":\"" + code + "\"}")
			.build();
	}

	/** One outbound call as the service behind the gateway would have received it. */
	public record Call(HttpMethod method, URI uri, HttpHeaders headers, byte[] bytes) {

		public String query() {
			return (this.uri.getRawQuery() != null) ? this.uri.getRawQuery() : "";
		}

		public String body() {
			return new String(this.bytes, StandardCharsets.UTF_8);
		}

	}

	private record Line(Predicate<Call> matches, Function<Call, Mono<ClientResponse>> answer) {
	}

	private static final class Context implements BodyInserter.Context {

		@Override
		public List<HttpMessageWriter<?>> messageWriters() {
			return STRATEGIES.messageWriters();
		}

		@Override
		public Optional<org.springframework.http.server.reactive.ServerHttpRequest> serverRequest() {
			return Optional.empty();
		}

		@Override
		public Map<String, Object> hints() {
			return Map.of();
		}

	}

}
