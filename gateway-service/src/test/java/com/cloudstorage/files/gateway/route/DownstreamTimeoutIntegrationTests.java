package com.cloudstorage.files.gateway.route;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

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

import com.cloudstorage.files.testsupport.SilentSocket;
import com.cloudstorage.files.gateway.StandIns;
import com.cloudstorage.files.gateway.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Downstreams that accept a connection and then never answer: storage-service and
 * share-link-service are sockets that accept and stay silent, metadata-service stalls on
 * one request. Every call ends in {@code 503 ServiceUnavailable} problem+json with
 * {@code Retry-After}, within a bound, instead of hanging.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "files.gateway.response-timeout=5s", "files.gateway.transfer-idle-timeout=2s" })
class DownstreamTimeoutIntegrationTests {

	/**
	 * Timeouts are 2 and 5 s (not less: the stand-in metadata-service must answer within
	 * them on a loaded machine); the rest is margin.
	 */
	static final Duration BOUND = Duration.ofSeconds(30);

	static final StandIns STAND_INS = new StandIns();

	static final SilentSocket SILENT_STORAGE = new SilentSocket();

	static final SilentSocket SILENT_SHARE_LINKS = new SilentSocket();

	static final String ALICE = TestTokens.bearer("alice", "files:read", "files:write");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("files.gateway.metadata-url", STAND_INS::metadataUrl);
		registry.add("files.gateway.storage-url", SILENT_STORAGE::url);
		registry.add("files.gateway.share-link-url", SILENT_SHARE_LINKS::url);
		com.cloudstorage.files.gateway.TestTokens.register(registry);
	}

	@AfterAll
	static void stop() {
		STAND_INS.stop();
		SILENT_STORAGE.close();
		SILENT_SHARE_LINKS.close();
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
			.responseTimeout(Duration.ofSeconds(60))
			.build();
	}

	@Test
	void aStalledMetadataCallAnswers503() {
		expect503Within(this.client.get()
			.uri("/api/v1/files?cursor=" + StandIns.STALLING_CURSOR)
			.header(HttpHeaders.AUTHORIZATION, ALICE));
	}

	@Test
	void aSilentStorageFailsTheDownloadInBothModes() {
		expect503Within(this.client.get()
			.uri("/api/v1/files/" + StandIns.KNOWN_FILE + "/content")
			.header(HttpHeaders.AUTHORIZATION, ALICE));
		expect503Within(this.client.get()
			.uri("/api/v1/files/" + StandIns.KNOWN_FILE + "/content?mode=stream")
			.header(HttpHeaders.AUTHORIZATION, ALICE));
	}

	@Test
	void aSilentStorageFailsTheUploadAndTheReservationIsAborted() {
		expect503Within(this.client.post()
			.uri("/api/v1/files?name=a.txt")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.bodyValue("hello"));
		assertThat(STAND_INS.reservations()).hasSize(1);
		assertThat(STAND_INS.metadata("POST", "/abort")).hasSize(1);
	}

	@Test
	void aStorageThatStopsReadingFailsALargeUpload() {
		// Far more than the socket buffers hold: writing stalls, the idle write timeout
		// ends it.
		byte[] bytes = new byte[64 * 1024 * 1024];
		new Random(1).nextBytes(bytes);
		Instant start = Instant.now();
		WebTestClient.ResponseSpec response = this.client.post()
			.uri("/api/v1/files?name=big-but-allowed.bin")
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.bodyValue(bytes)
			.exchange();
		String body = response.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(Duration.between(start, Instant.now())).isLessThan(BOUND.multipliedBy(2));
		assertThat(STAND_INS.metadata("POST", "/abort")).as(body).hasSize(1);
	}

	@Test
	void aSilentShareLinkServiceFailsPublicLinks() {
		expect503Within(this.client.get().uri("/s/some-token"));
		assertThat(this.downstreams.breakers().circuitBreaker(Downstreams.METADATA_API).getState())
			.isEqualTo(CircuitBreaker.State.CLOSED);
	}

	private static void expect503Within(WebTestClient.RequestHeadersSpec<?> request) {
		Instant start = Instant.now();
		request.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ServiceUnavailable");
		assertThat(Duration.between(start, Instant.now())).isLessThan(BOUND);
	}

}
