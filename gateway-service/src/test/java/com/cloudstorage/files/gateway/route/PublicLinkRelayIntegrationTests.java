package com.cloudstorage.files.gateway.route;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.cloudstorage.files.gateway.StandIns;

/**
 * {@code /s/{token}} through the whole gateway on a real port, in front of a stand-in
 * share-link-service on a real socket: what the client gets on the wire.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicLinkRelayIntegrationTests {

	static final StandIns STAND_INS = new StandIns();

	static final String PAGE = "<!doctype html><title>Link unavailable</title>";

	/** share-link-service: one live link, anything else its error page. */
	static final DisposableServer SHARE_LINKS = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes
			.get("/s/live",
					(req, res) -> res.status(302)
						.header(HttpHeaders.LOCATION, "http://s3.test/object")
						.header(HttpHeaders.CONTENT_LENGTH, "0")
						.header(HttpHeaders.CACHE_CONTROL, "no-store")
						.send())
			.get("/s/{token}",
					(req, res) -> res.status(404)
						.header(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
						.sendString(Mono.just(PAGE), StandardCharsets.UTF_8)))
		.bindNow();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("files.gateway.metadata-url", STAND_INS::metadataUrl);
		registry.add("files.gateway.storage-url", STAND_INS::storageUrl);
		registry.add("files.gateway.share-link-url", () -> "http://127.0.0.1:" + SHARE_LINKS.port());
		com.cloudstorage.files.gateway.TestTokens.register(registry);
	}

	@AfterAll
	static void stop() {
		STAND_INS.stop();
		SHARE_LINKS.disposeNow();
	}

	@LocalServerPort
	int port;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void aRedirectWithoutABodyIsAnsweredWithContentLengthZeroNotAnEmptyChunkedBody() {
		this.client.get()
			.uri("/s/live")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, "http://s3.test/object")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_LENGTH, "0")
			.expectHeader()
			.doesNotExist(HttpHeaders.TRANSFER_ENCODING)
			.expectBody()
			.isEmpty();
	}

	@Test
	void anErrorPageIsStillRelayedWithItsBody() {
		this.client.get()
			.uri("/s/dead")
			.header(HttpHeaders.ACCEPT, "text/html")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType("text/html;charset=UTF-8")
			.expectBody(String.class)
			.isEqualTo(PAGE);
	}

}
