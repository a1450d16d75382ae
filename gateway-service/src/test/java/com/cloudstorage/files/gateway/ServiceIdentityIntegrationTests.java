package com.cloudstorage.files.gateway;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.testsupport.SilentSocket;
import com.cloudstorage.files.testsupport.TestTokenEndpoint;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's own identity for internal calls, from a real client-credentials token
 * endpoint: fetched once and reused, replaced before it expires, and an issuer that is
 * down or hangs makes internal calls a {@code 503} while the public proxy, which carries
 * the user's own token, keeps working.
 */
class ServiceIdentityIntegrationTests {

	static final StandIns STAND_INS = new StandIns();

	static final String ALICE = TestTokens.bearer("alice", "files:read", "files:write");

	static final String[] AUDIENCES = { "metadata-service", "storage-service", "share-link-service" };

	@AfterAll
	static void stop() {
		STAND_INS.stop();
	}

	static void downstreams(DynamicPropertyRegistry registry, TestTokenEndpoint endpoint) {
		registry.add("files.gateway.metadata-url", STAND_INS::metadataUrl);
		registry.add("files.gateway.storage-url", STAND_INS::storageUrl);
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
		TestTokens.identity(registry, endpoint);
	}

	static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	static WebTestClient.ResponseSpec download(WebTestClient client) {
		return client.get()
			.uri("/api/v1/files/" + StandIns.KNOWN_FILE + "/content")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.exchange();
	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
	class WithAWorkingIssuer {

		static final TestTokenEndpoint ENDPOINT = TestTokenEndpoint.start(AUDIENCES);

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			downstreams(registry, ENDPOINT);
		}

		@AfterAll
		static void close() {
			ENDPOINT.close();
		}

		@LocalServerPort
		int port;

		@Test
		void oneTokenServesManyInternalCalls() {
			for (int i = 0; i < 3; i++) {
				download(client(this.port)).expectStatus().isFound();
			}
			assertThat(ENDPOINT.issued()).isEqualTo(1);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "files.gateway.identity.refresh-before-expiry=60s")
	class WithShortLivedTokens {

		/** Valid for 62 s, replaced 60 s before expiry: usable for 2 s. */
		static final TestTokenEndpoint ENDPOINT = TestTokenEndpoint.start(Duration.ofSeconds(62), AUDIENCES);

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			downstreams(registry, ENDPOINT);
		}

		@AfterAll
		static void close() {
			ENDPOINT.close();
		}

		@LocalServerPort
		int port;

		@Test
		void aTokenIsReplacedBeforeItExpires() throws InterruptedException {
			download(client(this.port)).expectStatus().isFound();
			int first = ENDPOINT.issued();
			Thread.sleep(3000);
			download(client(this.port)).expectStatus().isFound();
			assertThat(ENDPOINT.issued()).isEqualTo(first + 1);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
	class WithTheIssuerDown {

		static final TestTokenEndpoint ENDPOINT = stopped();

		static TestTokenEndpoint stopped() {
			TestTokenEndpoint endpoint = TestTokenEndpoint.start(AUDIENCES);
			endpoint.close();
			return endpoint;
		}

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			downstreams(registry, ENDPOINT);
		}

		@LocalServerPort
		int port;

		@Test
		void internalCallsAreServiceUnavailableAndNothingIsReserved() {
			STAND_INS.clear();
			expectProblem(download(client(this.port)), 503, "ServiceUnavailable");
			expectProblem(client(this.port).post()
				.uri("/api/v1/files?name=a.txt")
				.header(HttpHeaders.AUTHORIZATION, ALICE)
				.contentType(MediaType.TEXT_PLAIN)
				.bodyValue("hello")
				.exchange(), 503, "ServiceUnavailable");
			assertThat(STAND_INS.reservations()).isEmpty();
			assertThat(STAND_INS.storageCalls).isEmpty();
		}

		@Test
		void thePublicProxyKeepsWorkingWithTheUsersOwnToken() {
			STAND_INS.clear();
			client(this.port).get()
				.uri("/api/v1/files")
				.header(HttpHeaders.AUTHORIZATION, ALICE)
				.exchange()
				.expectStatus()
				.isOk();
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "files.gateway.identity.timeout=1s")
	class WithAHungIssuer {

		static final SilentSocket ISSUER = new SilentSocket();

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			registry.add("files.gateway.metadata-url", STAND_INS::metadataUrl);
			registry.add("files.gateway.storage-url", STAND_INS::storageUrl);
			registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
			registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
					TestTokens::publicKeyLocation);
			registry.add("files.gateway.identity.token-uri", () -> ISSUER.url() + "/oauth2/token");
			registry.add("files.gateway.identity.client-id", () -> TestTokenEndpoint.CLIENT_ID);
			registry.add("files.gateway.identity.client-secret", () -> TestTokenEndpoint.CLIENT_SECRET);
		}

		@AfterAll
		static void close() {
			ISSUER.close();
		}

		@LocalServerPort
		int port;

		@Test
		void aTokenCallThatNeverAnswersIsServiceUnavailableWithinItsTimeout() {
			long started = System.nanoTime();
			expectProblem(download(client(this.port)), 503, "ServiceUnavailable");
			// 1 s timeout; a generous margin for a loaded machine.
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
			assertThat(ISSUER.acceptedConnections()).isPositive();
		}

	}

}
