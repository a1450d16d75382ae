package com.cloudstorage.files.gateway.route;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.cloudstorage.files.gateway.StandIns;
import com.cloudstorage.files.gateway.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * storage-service is down (nothing listens on its port): uploads and downloads answer 503
 * ServiceUnavailable, the reservation is aborted, and the storage circuit breaker opens
 * while metadata's stays closed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "files.gateway.circuit-breaker.minimum-number-of-calls=2",
				"files.gateway.circuit-breaker.sliding-window-size=2" })
class StorageUnavailableIntegrationTests {

	static final StandIns STAND_INS = new StandIns();

	static final String ALICE = TestTokens.bearer("alice", "files:read", "files:write");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		// Port 1: privileged and outside the ephemeral range, so no server started by a
		// test can be on it.
		int closedPort = 1;
		registry.add("files.gateway.metadata-url", STAND_INS::metadataUrl);
		registry.add("files.gateway.storage-url", () -> "http://127.0.0.1:" + closedPort);
		com.cloudstorage.files.gateway.TestTokens.register(registry);
	}

	@AfterAll
	static void stop() {
		STAND_INS.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	Downstreams downstreams;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		STAND_INS.clear();
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void uploadAnswers503AndAbortsTheReservation() {
		for (int attempt = 0; attempt < 3; attempt++) {
			STAND_INS.clear();
			this.client.post()
				.uri("/api/v1/files?name=a.txt")
				.header(HttpHeaders.AUTHORIZATION, ALICE)
				.bodyValue("hello")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("ServiceUnavailable");

			assertThat(STAND_INS.reservations()).hasSize(1);
			assertThat(STAND_INS.metadata("POST", "/abort")).hasSize(1);
			assertThat(STAND_INS.metadata("POST", "/complete")).isEmpty();
		}
		assertThat(this.downstreams.storage().breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.downstreams.metadata().breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void downloadAnswers503() {
		this.client.get()
			.uri("/api/v1/files/" + StandIns.KNOWN_FILE + "/content")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ServiceUnavailable");
		assertThat(STAND_INS.metadata("GET", "/location")).hasSize(1);
	}

}
