package com.cloudstorage.files.gateway.route;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientResponse;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rest of {@code /api/v1/**} alone: what goes to metadata-service (method, raw path
 * and query, body, an allow-list of headers) and what comes back (status, body, an
 * allow-list of headers), the gateway's own refusals before any call, and how 5xx answers
 * behind map to the client's. metadata-service is a script ({@link ScriptedDownstreams}).
 */
@WebFluxTest(controllers = ProxyController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.gateway\\.(security\\.SecurityConfiguration|error\\.GatewayProblems)"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@Import(ScriptedDownstreams.class)
class ProxyControllerWebFluxTests extends GatewaySliceSupport {

	private static final String FILE = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final String ALICE = TestTokens.bearer("alice", "files:read", "files:write");

	@Test
	void forwardsMethodRawPathQueryBodyAndOnlyEndToEndHeaders() {
		this.services.answer(HttpMethod.PUT, "/api/v1/documents/Sales%20Invoice/INV-1",
				(call) -> ClientResponse.create(HttpStatus.OK)
					.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
					.header(HttpHeaders.ETAG, "\"v2\"")
					.header("X-Internal-Secret", "never-leaks")
					.body("{\"status\":\"submitted\"}")
					.build());

		this.client.put()
			.uri(java.net.URI.create("http://localhost/api/v1/documents/Sales%20Invoice/INV-1?x=%C3%A9"))
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.header("X-Forwarded-Host", "evil.example")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"status\":\"submitted\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"v2\"")
			.expectHeader()
			.doesNotExist("X-Internal-Secret")
			.expectBody()
			.json("{\"status\":\"submitted\"}");

		ScriptedDownstreams.Call call = this.services.calls().get(0);
		assertThat(call.query()).isEqualTo("x=%C3%A9");
		assertThat(call.body()).isEqualTo("{\"status\":\"submitted\"}");
		assertThat(call.headers().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo(ALICE);
		assertThat(call.headers().containsHeader("X-Forwarded-Host")).isFalse();
	}

	@Test
	void aRefusalBehindIsPassedOnWithItsCodeAndExtensions() {
		this.services.answer(HttpMethod.GET, "/api/v1/files/" + FILE, (call) -> ClientResponse
			.create(HttpStatus.CONFLICT)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
			.body("{\"type\":\"https://errors.cloudstorage.dev/files/x\",\"title\":\"t\",\"status\":409,"
					+ "\"code\":\"FileAttachedToSubmittedDocument\",\"documents\":[{\"type\":\"T\",\"name\":\"N\"}]}")
			.build());

		expectProblem(get("/api/v1/files/" + FILE), 409, "FileAttachedToSubmittedDocument")
			.jsonPath("$.documents[0].name")
			.isEqualTo("N");
	}

	@Test
	void aServerErrorBehindIsServiceUnavailableWithRetryAfter() {
		this.services.answer(HttpMethod.GET, "/api/v1/files",
				(call) -> ClientResponse.create(HttpStatus.INTERNAL_SERVER_ERROR).body("stack trace").build());

		expectProblem(get("/api/v1/files"), 503, "ServiceUnavailable");
	}

	@Test
	void aFileIdThatIsNotAUuidIsRefusedWithoutAnyCall() {
		// Issue #8: a blank id made metadata-service answer 503 (and so the gateway).
		expectProblem(this.client.post()
			.uri(java.net.URI.create("http://localhost/api/v1/files/%09/attachments"))
			.header(HttpHeaders.AUTHORIZATION, ALICE)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"type\":\" \"}")
			.exchange(), 400, "InvalidRequest");
		expectProblem(get("/api/v1/files/not-a-uuid"), 400, "InvalidRequest");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void aWrongMethodOnAKnownRouteIsNotAllowedWithoutAnyCall() {
		expectProblem(
				this.client.patch().uri("/api/v1/files/" + FILE).header(HttpHeaders.AUTHORIZATION, ALICE).exchange(),
				405, "MethodNotAllowed");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void withoutATokenNothingIsForwarded() {
		expectProblem(this.client.get().uri("/api/v1/files").exchange(), 401, "Unauthorized");
		assertThat(this.services.calls()).isEmpty();
	}

	private WebTestClient.ResponseSpec get(String uri) {
		return this.client.get().uri(uri).header(HttpHeaders.AUTHORIZATION, ALICE).exchange();
	}

}
