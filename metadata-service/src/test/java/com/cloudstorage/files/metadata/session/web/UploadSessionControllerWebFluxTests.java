package com.cloudstorage.files.metadata.session.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemException;
import com.cloudstorage.files.kit.security.ActingUser;
import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.file.Completion;
import com.cloudstorage.files.metadata.file.DocumentRef;
import com.cloudstorage.files.metadata.file.FileStatus;
import com.cloudstorage.files.metadata.file.NewUpload;
import com.cloudstorage.files.metadata.file.StoredFile;
import com.cloudstorage.files.metadata.session.NewSession;
import com.cloudstorage.files.metadata.session.SessionState;
import com.cloudstorage.files.metadata.session.UploadMode;
import com.cloudstorage.files.metadata.session.UploadSession;
import com.cloudstorage.files.metadata.session.UploadSessionManagement;
import com.cloudstorage.files.metadata.security.StorageGrantClaims;
import com.cloudstorage.files.metadata.security.StorageGrantProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.test.context.TestPropertySource;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/**
 * The internal upload-session API's web layer: what the gateway sends and gets back, the
 * service identity and the acting user's scope, and the catalogue codes of the
 * management's refusals. Management is mocked; {@code UploadSessionIntegrationTests} runs
 * it on a real database.
 */
@WebFluxTest(controllers = UploadSessionController.class, includeFilters = @ComponentScan.Filter(
		type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.metadata\\.(JacksonConfiguration|security\\.(SecurityConfiguration|StorageGrants)|\\w+\\.web\\.\\w+Problems)"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@EnableConfigurationProperties(StorageGrantProperties.class)
@TestPropertySource(
		properties = "files.metadata.storage-grants.keys.test-grants=dGVzdC1vbmx5LXN0b3JhZ2UtZ3JhbnQta2V5LTMyYnk=")
class UploadSessionControllerWebFluxTests {

	private static final String SESSIONS = "/internal/v1/upload-sessions";

	private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00Z");

	private final UUID id = UUID.randomUUID();

	private final UUID fileId = UUID.randomUUID();

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private UploadSessionManagement sessions;

	@Test
	void openIsCreatedWithThePartPlanAndWhereThePartsGo() {
		given(this.sessions.open(eq(new Caller("alice", Set.of(Scopes.FILES_WRITE))),
				eq(new NewSession(
						new NewUpload("big.iso", "application/octet-stream", true, "images",
								List.of(new DocumentRef("invoice", "INV-1"))),
						20_000_000L, "ab".repeat(32), "direct"))))
			.willReturn(Mono.just(session(SessionState.OPEN)));

		as(Scopes.FILES_WRITE).post()
			.uri(SESSIONS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"name":"big.iso","contentType":"application/octet-stream","size":20000000,
					 "sha256":"%s","private":true,"folder":"images",
					 "attachments":[{"type":"invoice","name":"INV-1"}],"mode":"direct"}
					""".formatted("ab".repeat(32)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(this.id.toString())
			.jsonPath("$.fileId")
			.isEqualTo(this.fileId.toString())
			.jsonPath("$.provider")
			.isEqualTo("local")
			.jsonPath("$.key")
			.isEqualTo("files/" + this.fileId)
			.jsonPath("$.mode")
			.isEqualTo("direct")
			.jsonPath("$.size")
			.isEqualTo(20_000_000)
			.jsonPath("$.partSize")
			.isEqualTo(8_388_608)
			.jsonPath("$.partCount")
			.isEqualTo(3)
			.jsonPath("$.state")
			.isEqualTo("OPEN")
			// Bound to the key and the size, working until the session expires.
			.jsonPath("$.storageGrant")
			.value((grant) -> assertThat(StorageGrantClaims.of(String.valueOf(grant))).isEqualTo("local\nfiles/"
					+ this.fileId + "\n20000000\n" + session(SessionState.OPEN).expiresAt().getEpochSecond()))
			// Reading back what a resumable upload staged under the key takes a read
			// grant.
			.jsonPath("$.storageReadGrant")
			.value((grant) -> assertThat(StorageGrantClaims.of(String.valueOf(grant)))
				.startsWith("local\nfiles/" + this.fileId + "\n0\n")
				.endsWith("\nread"))
			.jsonPath("$.expiresAt")
			.isEqualTo("2026-11-30T11:00:00Z");
	}

	@Test
	void openWithAnUnknownFieldIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_WRITE).post().uri(SESSIONS).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"name":"a.bin","size":5,"mode":"proxied","owner":"mallory"}
				""").exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.sessions);
	}

	@Test
	void openWithAStringForTheSizeIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_WRITE).post().uri(SESSIONS).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"name":"a.bin","size":"five","mode":"proxied"}
				""").exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.sessions);
	}

	@Test
	void openWithMalformedJsonIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_WRITE).post()
			.uri(SESSIONS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":")
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.sessions);
	}

	@Test
	void openThatManagementRefusesAnswersItsCode() {
		given(this.sessions.open(any(), any()))
			.willReturn(Mono.error(new InvalidRequestException("mode must be \"direct\" or \"proxied\".")));
		expectProblem(as(Scopes.FILES_WRITE).post().uri(SESSIONS).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"name":"a.bin","size":5,"mode":"carrier-pigeon"}
				""").exchange(), 400, "InvalidRequest");

		given(this.sessions.open(any(), any()))
			.willReturn(Mono.error(Problem.of(ProblemCode.ENTITY_TOO_LARGE, "The upload is larger than the limit.")
				.with("maxBytes", 100)
				.exception()));
		expectProblem(as(Scopes.FILES_WRITE).post().uri(SESSIONS).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"name":"a.bin","size":101,"mode":"proxied"}
				""").exchange(), 413, "EntityTooLarge").jsonPath("$.maxBytes").isEqualTo(100);
	}

	@Test
	void getAnswersTheSessionOfTheActingUser() {
		given(this.sessions.get(new Caller("alice", Set.of(Scopes.FILES_WRITE)), this.id))
			.willReturn(Mono.just(session(SessionState.OPEN)));

		as(Scopes.FILES_WRITE).get()
			.uri(SESSIONS + "/{id}", this.id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(this.id.toString())
			.jsonPath("$.sha256")
			.isEqualTo("ab".repeat(32));
	}

	@Test
	void getOfAnUnknownSessionIsNoSuchUploadSession() {
		given(this.sessions.get(any(), eq(this.id)))
			.willReturn(Mono.error(new ProblemException(ProblemCode.NO_SUCH_UPLOAD_SESSION, "No upload session.")));

		expectProblem(as(Scopes.FILES_WRITE).get().uri(SESSIONS + "/{id}", this.id).exchange(), 404,
				"NoSuchUploadSession");
	}

	@Test
	void getOfAnExpiredSessionIsUploadSessionExpired() {
		given(this.sessions.get(any(), eq(this.id)))
			.willReturn(Mono.error(new ProblemException(ProblemCode.UPLOAD_SESSION_EXPIRED, "Expired.")));

		expectProblem(as(Scopes.FILES_WRITE).get().uri(SESSIONS + "/{id}", this.id).exchange(), 410,
				"UploadSessionExpired");
	}

	@Test
	void anIdThatIsNoUuidIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_WRITE).get().uri(SESSIONS + "/not-a-uuid").exchange(), 400, "InvalidRequest");
		expectProblem(as(Scopes.FILES_WRITE).post().uri(SESSIONS + "/not-a-uuid/abort").exchange(), 400,
				"InvalidRequest");
		verifyNoInteractions(this.sessions);
	}

	@Test
	void completeHandsOnWhatStorageVerifiedAndAnswersTheAvailableFile() {
		given(this.sessions.complete(any(), eq(this.id),
				eq(new Completion("bucket", 5L, "cd".repeat(32), "\"etag-3\"", null, null, null))))
			.willReturn(Mono.just(file()));

		as(Scopes.FILES_WRITE).post()
			.uri(SESSIONS + "/{id}/complete", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"bucket":"bucket","size":5,"sha256":"%s","etag":"\\"etag-3\\""}
					""".formatted("cd".repeat(32)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(this.fileId.toString())
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE")
			.jsonPath("$.private")
			.isEqualTo(true)
			.jsonPath("$.key")
			.doesNotExist()
			.jsonPath("$.provider")
			.doesNotExist();
	}

	@Test
	void completeWithAnotherSizeIsSizeMismatch() {
		given(this.sessions.complete(any(), eq(this.id), any()))
			.willReturn(Mono.error(new ProblemException(ProblemCode.SIZE_MISMATCH, "Another size.")));

		expectProblem(as(Scopes.FILES_WRITE).post()
			.uri(SESSIONS + "/{id}/complete", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"bucket\":\"bucket\",\"size\":4}")
			.exchange(), 422, "SizeMismatch");
	}

	@Test
	void completeWithAnUnknownFieldIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_WRITE).post()
			.uri(SESSIONS + "/{id}/complete", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5,\"status\":\"AVAILABLE\"}")
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.sessions);
	}

	@Test
	void abortAnswersNoContent() {
		given(this.sessions.abort(new Caller("alice", Set.of(Scopes.FILES_WRITE)), this.id)).willReturn(Mono.empty());

		as(Scopes.FILES_WRITE).post()
			.uri(SESSIONS + "/{id}/abort", this.id)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.isEmpty();
		then(this.sessions).should().abort(new Caller("alice", Set.of(Scopes.FILES_WRITE)), this.id);
	}

	@Test
	void withoutTokenEveryRouteIsUnauthorized() {
		expectProblem(this.client.post()
			.uri(SESSIONS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5,\"mode\":\"proxied\"}")
			.exchange(), 401, "Unauthorized");
		expectProblem(this.client.get().uri(SESSIONS + "/{id}", this.id).exchange(), 401, "Unauthorized");
		expectProblem(this.client.post()
			.uri(SESSIONS + "/{id}/complete", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5}")
			.exchange(), 401, "Unauthorized");
		expectProblem(this.client.post().uri(SESSIONS + "/{id}/abort", this.id).exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.sessions);
	}

	@Test
	void aUsersOwnTokenIsForbiddenOnEveryRoute() {
		expectProblem(asUser().post()
			.uri(SESSIONS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5,\"mode\":\"proxied\"}")
			.exchange(), 403, "Forbidden");
		expectProblem(asUser().get().uri(SESSIONS + "/{id}", this.id).exchange(), 403, "Forbidden");
		expectProblem(asUser().post()
			.uri(SESSIONS + "/{id}/complete", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5}")
			.exchange(), 403, "Forbidden");
		expectProblem(asUser().post().uri(SESSIONS + "/{id}/abort", this.id).exchange(), 403, "Forbidden");
		verifyNoInteractions(this.sessions);
	}

	@Test
	void anActingUserWithoutTheWriteScopeIsForbidden() {
		expectProblem(as(Scopes.FILES_READ, Scopes.FILES_SHARE).post()
			.uri(SESSIONS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5,\"mode\":\"proxied\"}")
			.exchange(), 403, "Forbidden");
		expectProblem(as(Scopes.FILES_READ).get().uri(SESSIONS + "/{id}", this.id).exchange(), 403, "Forbidden");
		expectProblem(as(Scopes.FILES_READ).post().uri(SESSIONS + "/{id}/abort", this.id).exchange(), 403, "Forbidden");
		verifyNoInteractions(this.sessions);
	}

	@Test
	void aServiceCallThatNamesNoUserIsInvalidRequest() {
		expectProblem(this.client
			.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("gateway-service"))
				.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(Scopes.FILES_INTERNAL))))
			.get()
			.uri(SESSIONS + "/{id}", this.id)
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.sessions);
	}

	private UploadSession session(SessionState state) {
		return new UploadSession(this.id, this.fileId, "alice", "local", "files/" + this.fileId, UploadMode.DIRECT,
				20_000_000L, 8_388_608L, 3, "ab".repeat(32), state, CREATED, CREATED.plusSeconds(3600));
	}

	private StoredFile file() {
		return new StoredFile(this.fileId, "big.iso", "application/octet-stream", 5L, "cd".repeat(32), "\"etag-3\"",
				true, "images", "alice", "local", "bucket", "files/" + this.fileId, FileStatus.AVAILABLE, CREATED,
				List.of());
	}

	/** The gateway's service identity acting for alice, who holds these scopes. */
	private WebTestClient as(String... scopes) {
		return this.client
			.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("gateway-service"))
				.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(Scopes.FILES_INTERNAL))))
			.mutate()
			.defaultHeader(ActingUser.SUBJECT_HEADER, "alice")
			.defaultHeader(ActingUser.SCOPES_HEADER, String.join(" ", scopes))
			.build();
	}

	/** alice's own token, with every scope a user can have. */
	private WebTestClient asUser() {
		return this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("alice"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(Scopes.FILES_READ, Scopes.FILES_WRITE,
					Scopes.FILES_DELETE, Scopes.FILES_SHARE, Scopes.FILES_ADMIN))));
	}

}
