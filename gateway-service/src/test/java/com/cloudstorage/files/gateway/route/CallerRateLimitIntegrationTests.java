package com.cloudstorage.files.gateway.route;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * Per-subject rate limit: a burst of 3, refilled at one request per 100 s, so the test
 * never races the refill.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "files.gateway.rate-limit.requests-per-second=0.01", "files.gateway.rate-limit.burst=3" })
class CallerRateLimitIntegrationTests {

	static final StandIns STAND_INS = new StandIns();

	static final String ALICE = TestTokens.bearer("alice", "files:read");

	static final String BOB = TestTokens.bearer("bob", "files:read");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("files.gateway.metadata-url", STAND_INS::metadataUrl);
		registry.add("files.gateway.storage-url", STAND_INS::storageUrl);
		com.cloudstorage.files.gateway.TestTokens.register(registry);
	}

	@AfterAll
	static void stop() {
		STAND_INS.stop();
	}

	@LocalServerPort
	int port;

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
	void aSubjectOverItsLimitGets429WhileAnotherIsServed() {
		for (int i = 0; i < 3; i++) {
			list(ALICE).expectStatus().isOk();
		}
		list(ALICE).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 100L))
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TooManyRequests")
			.jsonPath("$.status")
			.isEqualTo(429);
		assertThat(STAND_INS.metadataCalls).hasSize(3);

		list(BOB).expectStatus().isOk();
		// Health, the UI and public links are not limited.
		for (int i = 0; i < 5; i++) {
			this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
			this.client.get().uri("/").exchange().expectStatus().isOk();
		}
	}

	private WebTestClient.ResponseSpec list(String token) {
		return this.client.get().uri("/api/v1/files").header(HttpHeaders.AUTHORIZATION, token).exchange();
	}

}
