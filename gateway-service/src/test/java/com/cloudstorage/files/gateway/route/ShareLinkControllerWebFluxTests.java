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
import org.springframework.web.reactive.function.client.ClientResponse;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing links through the gateway alone: the public {@code /s/{token}} relay
 * (anonymous, the address the gateway saw, a header allow-list) and link changes that are
 * answered only once share-link-service shows them. The services are a script
 * ({@link ScriptedDownstreams}); the real wait is covered by the local-stack tests.
 */
@WebFluxTest(controllers = ShareLinkController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.gateway\\.(security\\.SecurityConfiguration|error\\.GatewayProblems)"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@Import(ScriptedDownstreams.class)
class ShareLinkControllerWebFluxTests extends GatewaySliceSupport {

	private static final String FILE = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final String LINK = "0b6f7e1a-2c3d-4e5f-8a9b-1c2d3e4f5a6b";

	private static final String OLD_LINK = "1c7a8f2b-3d4e-4f5a-9b0c-2d3e4f5a6b7c";

	private static final String SHARER = TestTokens.bearer("alice", "files:read", "files:share");

	private static final String AWAIT = "/internal/v1/links/await";

	@Test
	void aPublicLinkIsRelayedAnonymouslyWithTheAddressTheGatewaySaw() {
		this.services.answer(HttpMethod.GET, "/s/abc",
				(call) -> ClientResponse.create(HttpStatus.FOUND)
					.header(HttpHeaders.LOCATION, "http://s3.test/o")
					.header("Referrer-Policy", "no-referrer")
					.header("X-Internal-Secret", "never-leaks")
					.build());

		this.client.get()
			.uri("/s/abc")
			.header("X-Forwarded-For", "6.6.6.6")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, "http://s3.test/o")
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectHeader()
			.doesNotExist("X-Internal-Secret");

		ScriptedDownstreams.Call call = this.services.calls(HttpMethod.GET, "/s/abc").get(0);
		assertThat(call.headers().getFirst("X-Forwarded-For")).isNotEqualTo("6.6.6.6");
		assertThat(call.headers().containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
	}

	@Test
	void aServerErrorOfTheLinkServiceIsServiceUnavailable() {
		this.services.answer(HttpMethod.GET, "/s/abc",
				(call) -> ClientResponse.create(HttpStatus.INTERNAL_SERVER_ERROR).build());

		expectProblem(this.client.get().uri("/s/abc").exchange(), 503, "ServiceUnavailable");
	}

	@Test
	void aResetIsAnsweredOnceTheNewLinkIsLiveAndTheOldOneDead() {
		this.services.answer(HttpMethod.POST, "/api/v1/files/" + FILE + "/share-link/reset",
				(call) -> ClientResponse.create(HttpStatus.OK)
					.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
					.header("X-Link-Id", LINK)
					.header("X-Revoked-Link-Id", OLD_LINK)
					.body("{\"url\":\"http://gw/s/new\"}")
					.build());
		this.services.answer(HttpMethod.GET, AWAIT, (call) -> ClientResponse.create(HttpStatus.NO_CONTENT).build());

		this.client.post()
			.uri("/api/v1/files/" + FILE + "/share-link/reset")
			.header(HttpHeaders.AUTHORIZATION, SHARER)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectHeader()
			.doesNotExist("X-Link-Id")
			.expectBody()
			.json("{\"url\":\"http://gw/s/new\"}");

		ScriptedDownstreams.Call await = this.services.calls(HttpMethod.GET, AWAIT).get(0);
		assertThat(await.query()).contains("active=" + LINK).contains("revoked=" + OLD_LINK).contains("timeoutMs=");
		// Asked by the gateway itself, not with the user's token.
		com.cloudstorage.files.gateway.TestTokens
			.assertServiceToken(await.headers().getFirst(HttpHeaders.AUTHORIZATION));
		ScriptedDownstreams.Call change = this.services
			.calls(HttpMethod.POST, "/api/v1/files/" + FILE + "/share-link/reset")
			.get(0);
		assertThat(change.headers().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo(SHARER);
	}

	@Test
	void aChangeTheLinkServiceDoesNotShowInTimeIsProjectionLag() {
		this.services.answer(HttpMethod.POST, "/api/v1/files/" + FILE + "/share-link",
				(call) -> ClientResponse.create(HttpStatus.CREATED).header("X-Link-Id", LINK).body("{}").build());
		this.services.answer(HttpMethod.GET, AWAIT,
				(call) -> ClientResponse.create(HttpStatus.REQUEST_TIMEOUT).build());

		expectProblem(this.client.post()
			.uri("/api/v1/files/" + FILE + "/share-link")
			.header(HttpHeaders.AUTHORIZATION, SHARER)
			.exchange(), 503, "ProjectionLag");
	}

	@Test
	void aRefusedChangeIsPassedOnAndNothingIsAwaited() {
		this.services.answer(HttpMethod.DELETE, "/api/v1/files/" + FILE,
				(call) -> ScriptedDownstreams.problem(HttpStatus.NOT_FOUND, "NoSuchFile"));

		expectProblem(
				this.client.delete().uri("/api/v1/files/" + FILE).header(HttpHeaders.AUTHORIZATION, SHARER).exchange(),
				404, "NoSuchFile");
		assertThat(this.services.calls(HttpMethod.GET, AWAIT)).isEmpty();
	}

	@Test
	void readingTheLinkNeedsNoWait() {
		this.services.answer(HttpMethod.GET, "/api/v1/files/" + FILE + "/share-link",
				(call) -> ClientResponse.create(HttpStatus.OK)
					.header("X-Link-Id", LINK)
					.body("{\"url\":\"u\"}")
					.build());

		this.client.get()
			.uri("/api/v1/files/" + FILE + "/share-link")
			.header(HttpHeaders.AUTHORIZATION, SHARER)
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(this.services.calls(HttpMethod.GET, AWAIT)).isEmpty();
	}

	@Test
	void aFileIdThatIsNotAUuidIsRefusedWithoutAnyCall() {
		expectProblem(this.client.delete()
			.uri(java.net.URI.create("http://localhost/api/v1/files/%20"))
			.header(HttpHeaders.AUTHORIZATION, SHARER)
			.exchange(), 400, "InvalidRequest");
		expectProblem(this.client.post()
			.uri("/api/v1/files/not-a-uuid/share-link")
			.header(HttpHeaders.AUTHORIZATION, SHARER)
			.exchange(), 400, "InvalidRequest");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void aWrongMethodOnTheResetRouteIsNotAllowed() {
		expectProblem(this.client.get()
			.uri("/api/v1/files/" + FILE + "/share-link/reset")
			.header(HttpHeaders.AUTHORIZATION, SHARER)
			.exchange(), 405, "MethodNotAllowed");
		assertThat(this.services.calls()).isEmpty();
	}

}
