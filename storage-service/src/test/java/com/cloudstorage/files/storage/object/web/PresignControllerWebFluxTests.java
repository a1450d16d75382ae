package com.cloudstorage.files.storage.object.web;

import java.net.URI;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.storage.TestGrants;
import com.cloudstorage.files.storage.provider.StorageProperties;
import com.cloudstorage.files.storage.security.StorageGrantProperties;
import com.cloudstorage.files.storage.object.ObjectStore;
import com.cloudstorage.files.storage.object.PresignedDownload;
import com.cloudstorage.files.storage.object.StorageUnavailableException;
import com.cloudstorage.files.storage.object.UnknownProviderException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/** The presign endpoint's web layer: request checks, scopes and catalogue codes. */
@WebFluxTest(controllers = PresignController.class,
		includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "com\\.cloudstorage\\.files\\.storage\\.security\\.(SecurityConfiguration|StorageGrants)"),
		properties = "files.storage.grants.keys." + TestGrants.KEY_ID + "=" + TestGrants.KEY)
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
// The transfer admission filter is part of the web layer and reads the service's
// settings.
@EnableConfigurationProperties({ StorageProperties.class, StorageGrantProperties.class })
@Import(ObjectProblems.class)
class PresignControllerWebFluxTests {

	private static final String PRESIGN = "/internal/v1/presigned-downloads";

	private static final Instant EXPIRES = Instant.parse("2026-11-29T22:00:00Z");

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private ObjectStore store;

	@Test
	void presignAnswersWithTheUrlAndItsExpiry() {
		given(this.store.presignDownload(eq("local"), eq("docs/report.pdf"), eq("Report.pdf"), eq("application/pdf"),
				eq(false)))
			.willReturn(Mono
				.just(new PresignedDownload(URI.create("https://s3.test/bucket/docs/report.pdf?sig=x"), EXPIRES)));

		granted("local", "docs/report.pdf").post()
			.uri(PRESIGN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"provider":"local","key":"docs/report.pdf","filename":"Report.pdf","contentType":"application/pdf"}
					""")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo("https://s3.test/bucket/docs/report.pdf?sig=x")
			.jsonPath("$.expiresAt")
			.isEqualTo("2026-11-29T22:00:00Z");
	}

	@Test
	void presignNamesTheDownloadAfterTheGivenFilenameAndAsksForNoInlineByDefault() {
		given(this.store.presignDownload(anyString(), anyString(), anyString(), any(), anyBoolean()))
			.willReturn(Mono.just(new PresignedDownload(URI.create("https://s3.test/x"), EXPIRES)));

		granted("local", "docs/k").post().uri(PRESIGN).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"provider":"local","key":"docs/k","filename":"Report.pdf"}
				""").exchange().expectStatus().isOk();

		// The disposition itself is the kit's (Presigning), checked on a real URL in
		// ObjectApiIntegrationTests.
		then(this.store).should().presignDownload(eq("local"), eq("docs/k"), eq("Report.pdf"), eq(null), eq(false));
	}

	@Test
	void presignWithoutFilenameNamesTheDownloadAfterTheKeyAndPassesTheInlineWish() {
		given(this.store.presignDownload(anyString(), anyString(), anyString(), any(), anyBoolean()))
			.willReturn(Mono.just(new PresignedDownload(URI.create("https://s3.test/x"), EXPIRES)));

		granted("local", "docs/report.pdf").post().uri(PRESIGN).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"provider":"local","key":"docs/report.pdf","contentType":"application/pdf","inline":true}
				""").exchange().expectStatus().isOk();

		then(this.store).should()
			.presignDownload(eq("local"), eq("docs/report.pdf"), eq("report.pdf"), eq("application/pdf"), eq(true));
	}

	@Test
	void presignWithABlankProviderIsInvalidRequest() {
		expectProblem(
				as(Scopes.FILES_INTERNAL).post().uri(PRESIGN).contentType(MediaType.APPLICATION_JSON).bodyValue("""
						{"provider":" ","key":"a.txt"}
						""").exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.store);
	}

	@Test
	void presignWithoutKeyIsInvalidRequest() {
		expectProblem(
				as(Scopes.FILES_INTERNAL).post().uri(PRESIGN).contentType(MediaType.APPLICATION_JSON).bodyValue("""
						{"provider":"local"}
						""").exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.store);
	}

	@Test
	void presignWithMalformedJsonIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_INTERNAL).post()
			.uri(PRESIGN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"provider\":")
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.store);
	}

	@Test
	void presignWithAnUnknownFieldIsInvalidRequest() {
		expectProblem(
				as(Scopes.FILES_INTERNAL).post().uri(PRESIGN).contentType(MediaType.APPLICATION_JSON).bodyValue("""
						{"provider":"local","key":"a.txt","bucket":"someone-elses"}
						""").exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.store);
	}

	@Test
	void presignOfAKeyWithADotDotSegmentIsInvalidRequest() {
		expectProblem(
				as(Scopes.FILES_INTERNAL).post().uri(PRESIGN).contentType(MediaType.APPLICATION_JSON).bodyValue("""
						{"provider":"local","key":"../etc/passwd"}
						""").exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.store);
	}

	@Test
	void presignForAnUnknownProviderIsInvalidRequest() {
		given(this.store.presignDownload(eq("nowhere"), anyString(), anyString(), any(), anyBoolean()))
			.willReturn(Mono.error(new UnknownProviderException("no profile nowhere")));

		expectProblem(
				granted("nowhere", "a.txt").post().uri(PRESIGN).contentType(MediaType.APPLICATION_JSON).bodyValue("""
						{"provider":"nowhere","key":"a.txt"}
						""").exchange(), 400, "InvalidRequest");
	}

	@Test
	void presignWhileTheProviderIsDownIsStorageUnavailable() {
		given(this.store.presignDownload(anyString(), anyString(), anyString(), any(), anyBoolean()))
			.willReturn(Mono.error(new StorageUnavailableException("no credentials")));

		expectProblem(
				granted("local", "a.txt").post().uri(PRESIGN).contentType(MediaType.APPLICATION_JSON).bodyValue("""
						{"provider":"local","key":"a.txt"}
						""").exchange(), 503, "StorageUnavailable");
	}

	@Test
	void getIsNotAllowedOnThePresignEndpoint() {
		expectProblem(as(Scopes.FILES_INTERNAL).get().uri(PRESIGN).exchange(), 405, "MethodNotAllowed");
	}

	@Test
	void presignWithoutTokenIsUnauthorized() {
		expectProblem(this.client.post().uri(PRESIGN).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"provider":"local","key":"a.txt"}
				""").exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.store);
	}

	@Test
	void presignWithAUsersTokenIsForbiddenWhateverItsScopes() {
		expectProblem(
				as(Scopes.FILES_READ, Scopes.FILES_WRITE, Scopes.FILES_DELETE, Scopes.FILES_SHARE, Scopes.FILES_ADMIN)
					.post()
					.uri(PRESIGN)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("""
							{"provider":"local","key":"a.txt"}
							""")
					.exchange(),
				403, "Forbidden");
		verifyNoInteractions(this.store);
	}

	@Test
	void presignWithoutAReadGrantForTheKeyIsForbiddenAndSignsNothing() {
		String body = """
				{"provider":"local","key":"docs/report.pdf","filename":"Report.pdf"}
				""";
		// None; another key's; another provider's; a write grant for this very key; an
		// expired one.
		expectProblem(as(Scopes.FILES_INTERNAL).post()
			.uri(PRESIGN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange(), 403, "Forbidden");
		for (String grant : new String[] { TestGrants.readGrant("local", "docs/other.pdf"),
				TestGrants.readGrant("flaky", "docs/report.pdf"),
				TestGrants.grant("local", "docs/report.pdf", Long.MAX_VALUE), TestGrants.readGrant(TestGrants.KEY_ID,
						TestGrants.KEY, "local", "docs/report.pdf", Instant.now().minusSeconds(1)) }) {
			expectProblem(as(Scopes.FILES_INTERNAL).post()
				.uri(PRESIGN)
				.header(TestGrants.HEADER, grant)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange(), 403, "Forbidden");
		}
		verifyNoInteractions(this.store);
	}

	/** The gateway with metadata-service's read grant for this key. */
	private WebTestClient granted(String provider, String key) {
		return as(Scopes.FILES_INTERNAL).mutate()
			.defaultHeader(TestGrants.HEADER, TestGrants.readGrant(provider, key))
			.build();
	}

	private WebTestClient as(String... scopes) {
		return this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("alice"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(scopes))));
	}

}
