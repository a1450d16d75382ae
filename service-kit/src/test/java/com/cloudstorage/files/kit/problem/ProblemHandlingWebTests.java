package com.cloudstorage.files.kit.problem;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The kit's handler behind a real WebFlux dispatcher: services' own exceptions, thrown
 * problems, framework errors and bugs all leave as problem+json with a catalogue code.
 */
class ProblemHandlingWebTests {

	static class NoSuchThingException extends RuntimeException {

		NoSuchThingException(String message) {
			super(message);
		}

	}

	static class NoSuchWidgetException extends NoSuchThingException {

		NoSuchWidgetException() {
			super("No widget here.");
		}

	}

	@RestController
	static class Things {

		@GetMapping("/things/{id}")
		Mono<String> thing(@PathVariable UUID id) {
			return Mono.error(new NoSuchWidgetException());
		}

		@GetMapping("/busy")
		Mono<String> busy() {
			return Mono.error(Problem.of(ProblemCode.TOO_MANY_REQUESTS, "Slow down.")
				.retryAfter(java.time.Duration.ofMillis(2500))
				.exception());
		}

		@GetMapping("/bug")
		Mono<String> bug() {
			return Mono.error(new IllegalStateException("secret internals"));
		}

		@GetMapping("/s/{token}")
		Mono<String> link(@PathVariable String token) {
			return Mono.error(Problem.of(ProblemCode.LINK_UNAVAILABLE, "Gone.").exception());
		}

	}

	private final WebTestClient client = client(null);

	private static WebTestClient client(ProblemPage page) {
		ProblemMappings mappings = (registry) -> registry.map(NoSuchThingException.class, ProblemCode.NOT_FOUND);
		ProblemExceptionHandler handler = new ProblemExceptionHandler(new ProblemResolver(List.of(mappings)),
				new ProblemWriter(page));
		return WebTestClient.bindToController(new Things())
			.webFilter((exchange, chain) -> chain.filter(exchange).onErrorResume((ex) -> handler.handle(exchange, ex)))
			.build();
	}

	@Test
	void aMappedExceptionUsesTheClosestRegisteredTypeAndItsMessage() {
		this.client.get()
			.uri("/things/" + UUID.randomUUID())
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NotFound")
			.jsonPath("$.detail")
			.isEqualTo("No widget here.")
			.jsonPath("$.type")
			.isEqualTo("https://errors.cloudstorage.dev/files/not-found")
			.jsonPath("$.status")
			.isEqualTo(404);
	}

	@Test
	void aFrameworkErrorGetsItsCatalogueCode() {
		this.client.get()
			.uri("/things/not-a-uuid")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("InvalidRequest");
		this.client.post()
			.uri("/busy")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.valueEquals(HttpHeaders.ALLOW, "GET")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MethodNotAllowed");
		this.client.get()
			.uri("/nowhere")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NotFound");
	}

	@Test
	void aThrownProblemKeepsItsHeadersAndRoundsRetryAfterUp() {
		this.client.get()
			.uri("/busy")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "3")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TooManyRequests");
	}

	@Test
	void aBugIsAnUnavailableServiceWithRetryAfterAndNoInternals() {
		this.client.get()
			.uri("/bug")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "5")
			.expectBody(String.class)
			.value((body) -> org.assertj.core.api.Assertions.assertThat(body)
				.contains("\"code\":\"ServiceUnavailable\"")
				.doesNotContain("secret internals")
				.doesNotContain("IllegalStateException"));
	}

	@Test
	void aLinkTokenNeverAppearsInTheAnswer() {
		this.client.get()
			.uri("/s/the-secret-token")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.value((body) -> org.assertj.core.api.Assertions.assertThat(body)
				.doesNotContain("the-secret-token")
				.contains("\"code\":\"LinkUnavailable\""));
	}

	@Test
	void browsersGetTheServicePageWhenItHasOne() {
		client((problem) -> "<h1>" + problem.code().title() + "</h1>").get()
			.uri("/s/abc")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.isEqualTo("<h1>This file is no longer available</h1>");
	}

	@Test
	void aBrokenAcceptHeaderIsTheClientsMistakeAndStillGetsAProblem() {
		client((problem) -> "<h1>page</h1>").get()
			.uri("/s/abc")
			.header(HttpHeaders.ACCEPT, "AAAA")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("InvalidRequest");
	}

	/**
	 * A header Spring's media type parser fails on with an index error rather than its
	 * own exception (found by the gateway's fuzz test: it answered 503).
	 */
	@Test
	void anAcceptHeaderTheParserCrashesOnIsTheClientsMistakeToo() {
		client((problem) -> "<h1>page</h1>").get()
			.uri("/s/abc")
			.header(HttpHeaders.ACCEPT, "\"|//~.&*?&")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("InvalidRequest");
	}

}
