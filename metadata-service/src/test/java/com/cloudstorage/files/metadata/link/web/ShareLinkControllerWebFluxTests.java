package com.cloudstorage.files.metadata.link.web;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.metadata.file.NoSuchFileException;
import com.cloudstorage.files.metadata.file.OperationForbiddenException;
import com.cloudstorage.files.metadata.link.NoSuchLinkException;
import com.cloudstorage.files.metadata.link.ShareLink;
import com.cloudstorage.files.metadata.link.ShareLinkManagement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/**
 * A file's sharing link over HTTP: the answer's shape and headers for the gateway,
 * scopes, and the catalogue codes of the link and file refusals. Management is mocked.
 */
@WebFluxTest(controllers = ShareLinkController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.metadata\\.(JacksonConfiguration|security\\.SecurityConfiguration|\\w+\\.web\\.\\w+Problems)"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
class ShareLinkControllerWebFluxTests {

	private static final String LINK = "/api/v1/files/{id}/share-link";

	private static final Instant CREATED = Instant.parse("2026-11-29T10:00:00Z");

	private final UUID fileId = UUID.randomUUID();

	private final ShareLink link = new ShareLink(UUID.randomUUID(), this.fileId, "s3cr3t-t0ken", CREATED,
			Instant.parse("2026-12-29T10:00:00Z"), null);

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private ShareLinkManagement links;

	@Test
	void getOrCreateAnswersTheUrlAndNamesTheLinkForTheGateway() {
		given(this.links.getOrCreate(any(), eq(this.fileId))).willReturn(Mono.just(this.link));
		given(this.links.url(this.link)).willReturn("https://files.test/s/s3cr3t-t0ken");

		as(Scopes.FILES_SHARE).post()
			.uri(LINK, this.fileId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Link-Id", this.link.id().toString())
			.expectHeader()
			.doesNotExist("X-Revoked-Link-Id")
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo("https://files.test/s/s3cr3t-t0ken")
			.jsonPath("$.createdAt")
			.isEqualTo("2026-11-29T10:00:00Z")
			.jsonPath("$.expiresAt")
			.isEqualTo("2026-12-29T10:00:00Z")
			.jsonPath("$.id")
			.doesNotExist()
			.jsonPath("$.token")
			.doesNotExist();
	}

	@Test
	void currentAnswersTheLiveLink() {
		given(this.links.current(any(), eq(this.fileId))).willReturn(Mono.just(this.link));
		given(this.links.url(this.link)).willReturn("https://files.test/s/s3cr3t-t0ken");

		as(Scopes.FILES_SHARE).get()
			.uri(LINK, this.fileId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo("https://files.test/s/s3cr3t-t0ken");
	}

	@Test
	void currentWithoutALiveLinkIsNoSuchLink() {
		given(this.links.current(any(), eq(this.fileId))).willReturn(Mono.empty());

		expectProblem(as(Scopes.FILES_SHARE).get().uri(LINK, this.fileId).exchange(), 404, "NoSuchLink");
	}

	@Test
	void resetNamesBothTheNewAndTheReplacedLink() {
		UUID replaced = UUID.randomUUID();
		ShareLink fresh = new ShareLink(UUID.randomUUID(), this.fileId, "n3w-t0ken", CREATED, null, replaced);
		given(this.links.reset(any(), eq(this.fileId))).willReturn(Mono.just(fresh));
		given(this.links.url(fresh)).willReturn("https://files.test/s/n3w-t0ken");

		as(Scopes.FILES_SHARE).post()
			.uri(LINK + "/reset", this.fileId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Link-Id", fresh.id().toString())
			.expectHeader()
			.valueEquals("X-Revoked-Link-Id", replaced.toString())
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo("https://files.test/s/n3w-t0ken")
			.jsonPath("$.expiresAt")
			.doesNotExist();
	}

	@Test
	void revokeAnswersNoContentNamingTheRevokedLink() {
		given(this.links.revoke(any(), eq(this.fileId))).willReturn(Mono.just(this.link.id()));

		as(Scopes.FILES_SHARE).delete()
			.uri(LINK, this.fileId)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals("X-Revoked-Link-Id", this.link.id().toString());
	}

	@Test
	void revokeWithoutALiveLinkIsNoSuchLink() {
		given(this.links.revoke(any(), eq(this.fileId))).willReturn(Mono.error(new NoSuchLinkException(this.fileId)));

		expectProblem(as(Scopes.FILES_SHARE).delete().uri(LINK, this.fileId).exchange(), 404, "NoSuchLink");
	}

	@Test
	void linkOfAMissingFileIsNoSuchFile() {
		given(this.links.getOrCreate(any(), eq(this.fileId)))
			.willReturn(Mono.error(new NoSuchFileException(this.fileId)));

		expectProblem(as(Scopes.FILES_SHARE).post().uri(LINK, this.fileId).exchange(), 404, "NoSuchFile");
	}

	@Test
	void linkOfSomeoneElsesFileIsForbidden() {
		given(this.links.getOrCreate(any(), eq(this.fileId)))
			.willReturn(Mono.error(new OperationForbiddenException("Only the owner may share the file.")));

		expectProblem(as(Scopes.FILES_SHARE).post().uri(LINK, this.fileId).exchange(), 403, "Forbidden");
	}

	@Test
	void fileIdThatIsNoUuidIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_SHARE).post().uri("/api/v1/files/not-a-uuid/share-link").exchange(), 400,
				"InvalidRequest");
		verifyNoInteractions(this.links);
	}

	@Test
	void putOnTheLinkIsNotAllowed() {
		expectProblem(as(Scopes.FILES_SHARE).put().uri(LINK, this.fileId).exchange(), 405, "MethodNotAllowed");
	}

	@Test
	void linkWithoutTokenIsUnauthorized() {
		expectProblem(this.client.post().uri(LINK, this.fileId).exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.links);
	}

	@Test
	void linkWithoutTheShareScopeIsForbidden() {
		expectProblem(as(Scopes.FILES_READ, Scopes.FILES_WRITE).post().uri(LINK, this.fileId).exchange(), 403,
				"Forbidden");
		verifyNoInteractions(this.links);
	}

	private WebTestClient as(String... scopes) {
		return this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("alice"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(scopes))));
	}

}
