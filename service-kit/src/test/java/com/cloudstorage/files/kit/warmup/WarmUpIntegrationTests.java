package com.cloudstorage.files.kit.warmup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.kit.security.RouteScopes;
import com.cloudstorage.files.testsupport.ListeningPort;
import com.cloudstorage.files.testsupport.SilentSocket;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up in a real WebFlux service with the actuator: readiness (and health) stay
 * {@code OUT_OF_SERVICE} until every step has ended, and a step stuck on a server that
 * accepts connections and never answers holds the start only until
 * {@code files.warm-up.timeout}, after which the service is ready and its health says
 * which step did not finish.
 */
class WarmUpIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<AutoCloseable> cleanup = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.cleanup) {
			closeable.close();
		}
	}

	@Test
	void readinessIsOutOfServiceUntilEveryStepHasFinished() throws Exception {
		Starting app = start(GatedService.class, "PT2M");
		int port = app.port.get(2, TimeUnit.MINUTES);
		// The runner has started once the step reports "running"; readiness must not
		// have turned UP before nor while it runs.
		awaitHealthContaining(port, "\"gate\":\"running\"");
		assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(503);
		HttpResponse<String> health = get(port, "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(warmUp(health)).containsEntry("status", "OUT_OF_SERVICE");
		assertThat(app.context).isNotDone();

		GatedService.GATE.tryEmitEmpty();

		ConfigurableApplicationContext context = app.context.get(2, TimeUnit.MINUTES);
		this.cleanup.add(context);
		HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
		Map<String, Object> warmUp = warmUp(get(port, "/actuator/health"));
		assertThat(warmUp).containsEntry("status", "UP");
		assertThat(details(warmUp)).hasEntrySatisfying("gate", (outcome) -> assertThat(outcome).startsWith("done in "));
	}

	@Test
	void aStepThatNeverGetsAnAnswerHoldsReadinessOnlyUntilTheBound() throws Exception {
		SilentSocket silent = new SilentSocket();
		this.cleanup.add(silent);
		HangingService.silentUrl = silent.url() + "/";
		long started = System.nanoTime();
		// One attempt each: the refused step then ends well within the bound.
		Starting app = start(HangingService.class, "PT3S", "--files.warm-up.attempts=1");
		int port = app.port.get(2, TimeUnit.MINUTES);
		assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(503);

		// Bounded: the start ends although the silent server never answers.
		ConfigurableApplicationContext context = app.context.get(2, TimeUnit.MINUTES);
		this.cleanup.add(context);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("held back until the bound")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		assertThat(silent.acceptedConnections()).as("the step reached the silent server").isPositive();
		HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
		HttpResponse<String> health = get(port, "/actuator/health");
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		Map<String, Object> warmUp = warmUp(health);
		assertThat(warmUp).containsEntry("status", "UP");
		assertThat(details(warmUp)).containsEntry("silent-server", "did not finish within 3000 ms")
			.hasEntrySatisfying("quick", (outcome) -> assertThat(outcome).startsWith("done in "))
			.hasEntrySatisfying("refused", (outcome) -> assertThat(outcome).startsWith("failed after "));
	}

	private Starting start(Class<?> service, String timeout, String... more) {
		CompletableFuture<Integer> port = new CompletableFuture<>();
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.web-application-type=reactive",
				"--management.endpoint.health.probes.enabled=true", "--management.endpoint.health.show-details=always",
				"--files.warm-up.timeout=" + timeout,
				"--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation(),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
				"--files.security.audiences=" + TestTokens.USER_AUDIENCE));
		args.addAll(List.of(more));
		CompletableFuture<ConfigurableApplicationContext> context = CompletableFuture
			.supplyAsync(() -> new SpringApplicationBuilder(service).listeners(new ListeningPort(port))
				.run(args.toArray(String[]::new)));
		// A start that failed must not leave the test waiting for a port.
		context.whenComplete((started, ex) -> {
			if (ex != null) {
				port.completeExceptionally(ex);
			}
		});
		return new Starting(port, context);
	}

	private static void awaitHealthContaining(int port, String text) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (true) {
			HttpResponse<String> health = get(port, "/actuator/health");
			if (health.body().contains(text)) {
				return;
			}
			assertThat(health.statusCode()).as("health while warming up: %s", health.body()).isEqualTo(503);
			assertThat(System.nanoTime()).as("'%s' in the health details", text).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	/** The {@code warmUp} component of a health answer. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> warmUp(HttpResponse<String> health) {
		Map<String, Object> root = JSON.readValue(health.body(), Map.class);
		Map<String, Object> components = (Map<String, Object>) root.get("components");
		assertThat(components).as(health.body()).containsKey("warmUp");
		return (Map<String, Object>) components.get("warmUp");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> details(Map<String, Object> component) {
		return (Map<String, String>) component.get("details");
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private record Starting(CompletableFuture<Integer> port,
			CompletableFuture<ConfigurableApplicationContext> context) {
	}

	/** Health is open, everything else needs a token: as in every service. */
	abstract static class KitService {

		@Bean
		RouteScopes routes() {
			return (exchanges) -> exchanges.anyExchange().authenticated();
		}

	}

	/** One step that ends only when the test says so. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class GatedService extends KitService {

		static final Sinks.Empty<Void> GATE = Sinks.empty();

		@Bean
		WarmUpStep gate() {
			return WarmUpStep.of("gate", GATE::asMono);
		}

	}

	/**
	 * A step waiting for an answer that never comes (no response timeout: only the
	 * warm-up's bound ends it), one that ends at once, one refused.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HangingService extends KitService {

		static volatile String silentUrl = "";

		@Bean
		WarmUpStep silentServer() {
			return WarmUpStep.of("silent-server",
					() -> reactor.netty.http.client.HttpClient.create().get().uri(silentUrl).response());
		}

		@Bean
		WarmUpStep quick() {
			return WarmUpStep.of("quick", Mono::empty);
		}

		@Bean
		WarmUpStep refused() throws IOException {
			int closedPort;
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				closedPort = socket.getLocalPort();
			}
			String url = "http://127.0.0.1:" + closedPort + "/";
			return WarmUpStep.of("refused",
					() -> reactor.netty.http.client.HttpClient.create().get().uri(url).response());
		}

	}

}
