package com.cloudstorage.files.storage.reconcile.web;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.storage.cleanup.DeadLetterReplay;
import com.cloudstorage.files.storage.provider.StorageProperties;
import com.cloudstorage.files.storage.reconcile.ReconcileReport;
import com.cloudstorage.files.storage.reconcile.Reconciler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/** The workers' admin endpoints' web layer: scopes, parameter checks, catalogue codes. */
@WebFluxTest(controllers = { ReconcileController.class, DeadLetterController.class },
		includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "com\\.cloudstorage\\.files\\.storage\\.security\\.SecurityConfiguration"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
// The transfer admission filter is part of the web layer and reads the service's
// settings.
@EnableConfigurationProperties(StorageProperties.class)
class AdminControllersWebFluxTests {

	private static final String RECONCILE = "/internal/v1/admin/reconcile";

	private static final String REPLAY = "/internal/v1/admin/dead-letters/replay";

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private Reconciler reconciler;

	@MockitoBean
	private DeadLetterReplay replay;

	@Test
	void reconcileAnswersOneReportPerScheduledProvider() {
		given(this.reconciler.providers()).willReturn(List.of("local", "backup"));
		given(this.reconciler.reconcile(anyString())).willAnswer((call) -> Mono.just(report(call.getArgument(0))));

		as(Scopes.FILES_ADMIN).post()
			.uri(RECONCILE)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].provider")
			.isEqualTo("local")
			.jsonPath("$[1].provider")
			.isEqualTo("backup")
			.jsonPath("$[1].orphansRemoved")
			.isEqualTo(2);
	}

	@Test
	void reconcileOfAnUnknownProviderIsRefusedWithoutListingAnything() {
		given(this.reconciler.isConfigured("nowhere")).willReturn(false);

		expectProblem(as(Scopes.FILES_ADMIN).post().uri(RECONCILE + "?provider=nowhere").exchange(), 400,
				"InvalidRequest");
		then(this.reconciler).should(never()).reconcile(anyString());
	}

	@Test
	void adminEndpointsNeedTheAdminScope() {
		expectProblem(as(Scopes.FILES_READ, Scopes.FILES_WRITE, Scopes.FILES_DELETE).post().uri(RECONCILE).exchange(),
				403, "Forbidden");
		expectProblem(as(Scopes.FILES_WRITE).post().uri(REPLAY).exchange(), 403, "Forbidden");
		expectProblem(this.client.post().uri(RECONCILE).exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.reconciler, this.replay);
	}

	@Test
	void replayAnswersWhatItDid() {
		given(this.replay.replay(50)).willReturn(Mono.just(new DeadLetterReplay.ReplayResult(7, 5, 2, true)));

		as(Scopes.FILES_ADMIN).post()
			.uri(REPLAY + "?max=50")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.read")
			.isEqualTo(7)
			.jsonPath("$.replayed")
			.isEqualTo(5)
			.jsonPath("$.complete")
			.isEqualTo(true);
	}

	@Test
	void replayLimitsOutsideTheRangeAreRefused() {
		for (String max : List.of("0", "-1", "10001", "lots")) {
			expectProblem(as(Scopes.FILES_ADMIN).post().uri(REPLAY + "?max=" + max).exchange(), 400, "InvalidRequest");
		}
		verifyNoInteractions(this.replay);
	}

	@Test
	void aSecondReplayWhileOneRunsIsAConflict() {
		given(this.replay.replay(anyInt())).willReturn(Mono.error(new DeadLetterReplay.ReplayRunningException()));

		expectProblem(as(Scopes.FILES_ADMIN).post().uri(REPLAY).exchange(), 409, "ReplayRunning");
	}

	private static ReconcileReport report(String provider) {
		return new ReconcileReport(provider, Instant.parse("2026-11-30T05:00:00Z"), 10, 2, 2, 0, List.of(), 0, false,
				0);
	}

	private WebTestClient as(String... scopes) {
		return this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("operator"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(scopes))));
	}

}
