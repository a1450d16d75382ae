package com.cloudstorage.files.gateway.route;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.cloudstorage.files.gateway.GatewayServiceApplication;
import com.cloudstorage.files.gateway.TestTokens;
import com.cloudstorage.files.testsupport.ListeningPort;
import com.cloudstorage.files.testsupport.TestTokenEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code files.gateway.await-services-ready} (what the local stack sets, starting the
 * gateway together with the services behind it): the gateway reports ready only once
 * those services have answered their readiness probe with 200, and after the start its
 * readiness no longer depends on them. The services are one real HTTP server that answers
 * its readiness probe {@code 503} until the test lets it answer 200.
 */
class AwaitServicesReadyIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final StartingServices services = new StartingServices();

	private CompletableFuture<ConfigurableApplicationContext> gateway = CompletableFuture.completedFuture(null);

	@AfterEach
	void close() throws Exception {
		// A failed test may leave the gateway waiting: let it finish starting, then stop.
		this.services.ready = true;
		ConfigurableApplicationContext context = this.gateway.get(2, TimeUnit.MINUTES);
		if (context != null) {
			context.close();
		}
		this.services.stop();
	}

	@Test
	void readinessWaitsForTheServicesOnceAndNeverAfterTheStart() throws Exception {
		StartingServices services = this.services;
		CompletableFuture<Integer> port = new CompletableFuture<>();
		CompletableFuture<ConfigurableApplicationContext> context = CompletableFuture.supplyAsync(
				() -> new SpringApplicationBuilder(GatewayServiceApplication.class).listeners(new ListeningPort(port))
					.run(arguments(services.url())));
		this.gateway = context;
		// A start that failed must not leave the test waiting for a port.
		context.whenComplete((started, ex) -> {
			if (ex != null) {
				port.completeExceptionally(ex);
			}
		});
		int gateway = port.get(2, TimeUnit.MINUTES);

		// Each purpose's client (metadata, storage, link resolution, link await) has
		// been told "not ready" at least twice: the gateway keeps asking.
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (services.probes.get() < 8) {
			assertThat(System.nanoTime()).as("readiness probes at the services").isLessThan(deadline);
			Thread.sleep(50);
		}
		assertThat(get(gateway, "/actuator/health/readiness").statusCode()).isEqualTo(503);
		HttpResponse<String> health = get(gateway, "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(health.body()).contains("\"downstreams\":\"running\"");
		assertThat(context).isNotDone();

		services.ready = true;

		context.get(2, TimeUnit.MINUTES);
		HttpResponse<String> readiness = get(gateway, "/actuator/health/readiness");
		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
		assertThat(get(gateway, "/actuator/health").body()).contains("\"downstreams\":\"done in ");

		// After the start, one service going away never takes the gateway out of
		// traffic.
		services.stop();
		readiness = get(gateway, "/actuator/health/readiness");
		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
	}

	private static String[] arguments(String servicesUrl) {
		TestTokenEndpoint tokens = TestTokens.TOKEN_ENDPOINT;
		return new String[] { "--server.port=0", "--files.gateway.await-services-ready=true",
				"--files.warm-up.timeout=PT2M", "--files.gateway.metadata-url=" + servicesUrl,
				"--files.gateway.storage-url=" + servicesUrl, "--files.gateway.share-link-url=" + servicesUrl,
				"--management.endpoint.health.probes.enabled=true", "--management.endpoint.health.show-details=always",
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
				"--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation(),
				"--files.gateway.identity.token-uri=" + tokens.tokenUri(),
				"--files.gateway.identity.client-id=" + TestTokenEndpoint.CLIENT_ID,
				"--files.gateway.identity.client-secret=" + TestTokenEndpoint.CLIENT_SECRET };
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The services behind the gateway while they start: not ready until told. */
	private static final class StartingServices {

		final AtomicInteger probes = new AtomicInteger();

		volatile boolean ready;

		private final DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/actuator/health/readiness", (request, response) -> {
				this.probes.incrementAndGet();
				if (this.ready) {
					return response.status(HttpResponseStatus.OK).sendString(Mono.just("{\"status\":\"UP\"}"));
				}
				return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
					.sendString(Mono.just("{\"status\":\"OUT_OF_SERVICE\"}"));
			}))
			.bindNow();

		String url() {
			return "http://127.0.0.1:" + this.server.port();
		}

		void stop() {
			if (!this.server.isDisposed()) {
				this.server.disposeNow();
			}
		}

	}

}
