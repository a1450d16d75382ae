package com.cloudstorage.files.kit.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.ObservationPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit's resource server in a real WebFlux application: 401 and 403 problems with
 * {@code WWW-Authenticate}, and an issuer that cannot be reached or never answers is an
 * outage (503 with Retry-After within the issuer timeout), not the caller's fault.
 */
class ResourceServerIntegrationTests {

	/** Accepts connections and never answers: a hung issuer. */
	private static final ServerSocket HUNG_ISSUER = hungIssuer();

	private static final List<Socket> ACCEPTED = new ArrayList<>();

	@AfterAll
	static void stopHungIssuer() throws IOException {
		HUNG_ISSUER.close();
		for (Socket socket : ACCEPTED) {
			socket.close();
		}
	}

	@SpringBootApplication
	static class Application {

		/** Every observation name asked for in this context. */
		final Set<String> observationsAsked = ConcurrentHashMap.newKeySet();

		// First, so it is asked before a predicate of the properties says no.
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		ObservationPredicate recordingPredicate() {
			return (name, context) -> {
				this.observationsAsked.add(name);
				return true;
			};
		}

		@Bean
		RouteScopes routes() {
			return (exchanges) -> exchanges.pathMatchers("/read")
				.hasAuthority(Scopes.authority(Scopes.FILES_READ))
				.anyExchange()
				.authenticated();
		}

		@RestController
		static class Reads {

			@GetMapping("/read")
			Mono<String> read() {
				return Mono.just("ok");
			}

		}

	}

	/** A valid token with the scope {@code /read} needs is let through. */
	static void readsWithTheScope(WebTestClient client) {
		client.get()
			.uri("/read")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("alice", Scopes.FILES_READ))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Nested
	@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
	@AutoConfigureWebTestClient
	class WithTrustedKeys {

		@DynamicPropertySource
		static void keys(DynamicPropertyRegistry registry) {
			registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
					TestTokens::publicKeyLocation);
			registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
			registry.add("files.security.audiences", () -> TestTokens.USER_AUDIENCE);
		}

		@Autowired
		WebTestClient client;

		@Autowired
		Application application;

		@Test
		void aValidTokenWithTheScopeIsLetThrough() {
			readsWithTheScope(this.client);
		}

		@Test
		void noTokenIsUnauthorizedWithABearerChallenge() {
			WebTestClient.ResponseSpec response = this.client.get().uri("/read").exchange();
			expectProblem(response, 401, "Unauthorized");
			response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}

		@Test
		void aForgedOrExpiredTokenIsUnauthorized() {
			expectProblem(this.client.get()
				.uri("/read")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.forged("alice", Scopes.FILES_READ))
				.exchange(), 401, "Unauthorized");
			expectProblem(this.client.get()
				.uri("/read")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.expired("alice", Scopes.FILES_READ))
				.exchange(), 401, "Unauthorized");
		}

		@Test
		void aTokenForAnotherAudienceOrForNoneIsUnauthorized() {
			expectProblem(this.client.get()
				.uri("/read")
				.header(HttpHeaders.AUTHORIZATION,
						"Bearer " + TestTokens.tokenFor(List.of("storage-service"), "alice", Scopes.FILES_READ))
				.exchange(), 401, "Unauthorized");
			expectProblem(this.client.get()
				.uri("/read")
				.header(HttpHeaders.AUTHORIZATION,
						"Bearer " + TestTokens.tokenFor(List.of(), "alice", Scopes.FILES_READ))
				.exchange(), 401, "Unauthorized");
		}

		@Test
		void aMissingScopeIsForbiddenWithAnInsufficientScopeChallenge() {
			WebTestClient.ResponseSpec response = this.client.get()
				.uri("/read")
				.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("alice", Scopes.FILES_WRITE))
				.exchange();
			expectProblem(response, 403, "Forbidden");
			response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		}

		@Test
		void withTheDefaultsARequestAsksForTheObservationsOfSpringSecurity() {
			aValidTokenWithTheScopeIsLetThrough();
			assertThat(this.application.observationsAsked).anyMatch((name) -> name.startsWith("spring.security"));
		}

		@Test
		void healthIsOpen() {
			this.client.get().uri("/actuator/health").exchange().expectStatus().value((status) -> {
				assertThat(status).isNotIn(401, 403);
			});
		}

	}

	/**
	 * Spring Security's observations switched off by the property every service sets: not
	 * even asked for on a request, so none of its wrappers is in place.
	 */
	@Nested
	@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
	@AutoConfigureWebTestClient
	class WithSecurityObservationsOff {

		@DynamicPropertySource
		static void keys(DynamicPropertyRegistry registry) {
			WithTrustedKeys.keys(registry);
			registry.add("management.observations.enable.spring.security", () -> "false");
		}

		@Autowired
		WebTestClient client;

		@Autowired
		Application application;

		@Test
		void aRequestAsksForNoObservationOfSpringSecurity() {
			readsWithTheScope(this.client);
			assertThat(this.application.observationsAsked).contains("http.server.requests")
				.noneMatch((name) -> name.startsWith("spring.security"));
		}

	}

	@Nested
	@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
	@AutoConfigureWebTestClient(timeout = "PT30S")
	class WithAHungIssuer {

		@DynamicPropertySource
		static void issuer(DynamicPropertyRegistry registry) {
			registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
					() -> "http://127.0.0.1:" + HUNG_ISSUER.getLocalPort() + "/jwks");
			registry.add("files.security.issuer-timeout", () -> "1s");
			registry.add("files.security.audiences", () -> TestTokens.USER_AUDIENCE);
		}

		@Autowired
		WebTestClient client;

		@Test
		void aTokenThatCannotBeCheckedIsAnOutageAnsweredWithinTheIssuerTimeout() {
			long started = System.nanoTime();
			expectProblem(this.client.get()
				.uri("/read")
				.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("alice", Scopes.FILES_READ))
				.exchange(), 503, "ServiceUnavailable");
			// Generous bound for a loaded CI machine; unbounded would be minutes.
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
		}

	}

	private static ServerSocket hungIssuer() {
		try {
			ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!socket.isClosed()) {
					try {
						Socket accepted = socket.accept();
						synchronized (ACCEPTED) {
							ACCEPTED.add(accepted);
						}
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "hung-issuer");
			acceptor.setDaemon(true);
			acceptor.start();
			return socket;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
