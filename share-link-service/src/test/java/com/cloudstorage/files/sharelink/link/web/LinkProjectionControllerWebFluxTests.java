package com.cloudstorage.files.sharelink.link.web;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.sharelink.link.ShareLinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/**
 * The read-your-writes endpoint's web layer: when it answers, when it gives up, who may
 * ask.
 */
@WebFluxTest(controllers = LinkProjectionController.class,
		includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "com\\.cloudstorage\\.files\\.sharelink\\.security\\..*"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
class LinkProjectionControllerWebFluxTests {

	private static final String AWAIT = "/internal/v1/links/await";

	private final UUID active = UUID.randomUUID();

	private final UUID revoked = UUID.randomUUID();

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private ShareLinks links;

	private final Instant fence = Instant.parse("2026-11-30T04:00:00Z");

	@Test
	void changeAlreadyAppliedAnswersAppliedAtOnce() {
		given(this.links.state(this.active)).willReturn(Mono.just("ACTIVE"));
		given(this.links.state(this.revoked)).willReturn(Mono.just("REVOKED"));
		given(this.links.fence()).willReturn(Mono.just(this.fence));
		given(this.links.fencePassed(this.fence)).willReturn(Mono.just(true));

		as(Scopes.FILES_INTERNAL).get()
			.uri(AWAIT + "?active={active}&revoked={revoked}", this.active, this.revoked)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.applied")
			.isEqualTo(true);
	}

	@Test
	void changeAppliedWhileWaitingAnswersAppliedOnceTheProjectionShowsIt() {
		given(this.links.state(this.revoked)).willReturn(Mono.just("ACTIVE"), Mono.just("ACTIVE"),
				Mono.just("REVOKED"));
		given(this.links.fence()).willReturn(Mono.just(this.fence));
		given(this.links.fencePassed(this.fence)).willReturn(Mono.just(true));

		as(Scopes.FILES_INTERNAL).get()
			.uri(AWAIT + "?revoked={revoked}&timeoutMs=5000", this.revoked)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.applied")
			.isEqualTo(true);
	}

	@Test
	void revocationIsAppliedOnlyOnceNoReplicaCanAnswerTheDeadLinkFromMemory() {
		given(this.links.state(this.revoked)).willReturn(Mono.just("REVOKED"));
		given(this.links.fence()).willReturn(Mono.just(this.fence));
		given(this.links.fencePassed(this.fence)).willReturn(Mono.just(false), Mono.just(false), Mono.just(true));

		as(Scopes.FILES_INTERNAL).get()
			.uri(AWAIT + "?revoked={revoked}&timeoutMs=5000", this.revoked)
			.exchange()
			.expectStatus()
			.isOk();
		then(this.links).should(times(3)).fencePassed(this.fence);
	}

	@Test
	void revocationWhoseFenceDoesNotPassInTimeIsProjectionLag() {
		given(this.links.state(this.revoked)).willReturn(Mono.just("REVOKED"));
		given(this.links.fence()).willReturn(Mono.just(this.fence));
		given(this.links.fencePassed(this.fence)).willReturn(Mono.just(false));

		expectProblem(as(Scopes.FILES_INTERNAL).get()
			.uri(AWAIT + "?revoked={revoked}&timeoutMs=200", this.revoked)
			.exchange(), 503, "ProjectionLag");
	}

	@Test
	void newLinkNeedsNoFence() {
		given(this.links.state(this.active)).willReturn(Mono.just("ACTIVE"));

		as(Scopes.FILES_INTERNAL).get().uri(AWAIT + "?active={active}", this.active).exchange().expectStatus().isOk();
		then(this.links).should(never()).fence();
	}

	@Test
	void changeNotAppliedInTimeIsProjectionLagWithRetryAfter() {
		given(this.links.state(this.active)).willReturn(Mono.empty());

		expectProblem(as(Scopes.FILES_INTERNAL).get()
			.uri(AWAIT + "?active={active}&timeoutMs=50", this.active)
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1"), 503, "ProjectionLag");
	}

	@Test
	void nothingToWaitForIsInvalidRequestNotApplied() {
		expectProblem(as(Scopes.FILES_INTERNAL).get().uri(AWAIT + "?timeoutMs=100").exchange(), 400, "InvalidRequest");
		expectProblem(as(Scopes.FILES_INTERNAL).get().uri(AWAIT).exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.links);
	}

	@Test
	void linkIdThatIsNoUuidIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_INTERNAL).get().uri(AWAIT + "?active=not-a-uuid").exchange(), 400,
				"InvalidRequest");
		verifyNoInteractions(this.links);
	}

	@Test
	void timeoutThatIsNoNumberIsInvalidRequest() {
		expectProblem(
				as(Scopes.FILES_INTERNAL).get().uri(AWAIT + "?active={active}&timeoutMs=soon", this.active).exchange(),
				400, "InvalidRequest");
		verifyNoInteractions(this.links);
	}

	@Test
	void postIsNotAllowed() {
		expectProblem(as(Scopes.FILES_INTERNAL).post().uri(AWAIT).exchange(), 405, "MethodNotAllowed");
	}

	@Test
	void callWithoutTokenIsUnauthorized() {
		expectProblem(this.client.get().uri(AWAIT + "?active={active}", this.active).exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.links);
	}

	@Test
	void aUserTokenIsForbiddenWhateverItsScopes() {
		expectProblem(as(Scopes.FILES_READ, Scopes.FILES_SHARE, Scopes.FILES_DELETE, Scopes.FILES_ADMIN).get()
			.uri(AWAIT + "?active={active}", this.active)
			.exchange(), 403, "Forbidden");
		verifyNoInteractions(this.links);
	}

	private WebTestClient as(String... scopes) {
		return this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("gateway"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(scopes))));
	}

}
