package com.cloudstorage.files.metadata.file.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.ActingUser;
import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.metadata.file.Completion;
import com.cloudstorage.files.metadata.file.CompletionGrant;
import com.cloudstorage.files.metadata.file.DocumentRef;
import com.cloudstorage.files.metadata.file.FileManagement;
import com.cloudstorage.files.metadata.file.FileStatus;
import com.cloudstorage.files.metadata.file.InvalidFileNameException;
import com.cloudstorage.files.metadata.file.NewUpload;
import com.cloudstorage.files.metadata.file.NoSuchFileException;
import com.cloudstorage.files.metadata.file.Reservation;
import com.cloudstorage.files.metadata.file.StoredFile;
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
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/**
 * The internal upload API's web layer: what the gateway sends and gets back, scopes and
 * catalogue codes. Management is mocked.
 */
@WebFluxTest(controllers = UploadController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.metadata\\.(JacksonConfiguration|security\\.(SecurityConfiguration|StorageGrants)|\\w+\\.web\\.\\w+Problems)"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@EnableConfigurationProperties(StorageGrantProperties.class)
@TestPropertySource(
		properties = "files.metadata.storage-grants.keys.test-grants=dGVzdC1vbmx5LXN0b3JhZ2UtZ3JhbnQta2V5LTMyYnk=")
class UploadControllerWebFluxTests {

	private static final String UPLOADS = "/internal/v1/uploads";

	private final UUID id = UUID.randomUUID();

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private FileManagement files;

	@Test
	void reserveIsCreatedWithWhereToPutTheBytes() {
		given(this.files.reserve(any(),
				eq(new NewUpload("report.pdf", "application/pdf", true, "docs",
						List.of(new DocumentRef("invoice", "INV-1"))))))
			.willReturn(Mono.just(new Reservation(this.id, "local", "files/" + this.id, 1024, "grant")));

		as(Scopes.FILES_WRITE).post()
			.uri(UPLOADS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"name":"report.pdf","contentType":"application/pdf","private":true,"folder":"docs",
					 "attachments":[{"type":"invoice","name":"INV-1"}]}
					""")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.fileId")
			.isEqualTo(this.id.toString())
			.jsonPath("$.provider")
			.isEqualTo("local")
			.jsonPath("$.key")
			.isEqualTo("files/" + this.id)
			.jsonPath("$.maxBytes")
			.isEqualTo(1024)
			.jsonPath("$.storageGrant")
			.value((grant) -> assertThat(StorageGrantClaims.of(String.valueOf(grant)))
				.startsWith("local\nfiles/" + this.id + "\n1024\n"));
	}

	@Test
	void reserveWithAnInvalidNameIsInvalidFileName() {
		given(this.files.reserve(any(), any()))
			.willReturn(Mono.error(new InvalidFileNameException("name must not contain '/'.")));

		expectProblem(as(Scopes.FILES_WRITE).post().uri(UPLOADS).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"name":"a/b.pdf"}
				""").exchange(), 400, "InvalidFileName");
	}

	@Test
	void reserveWithAnUnknownFieldIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_WRITE).post().uri(UPLOADS).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"name":"report.pdf","owner":"mallory"}
				""").exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void reserveWithAStringForABooleanIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_WRITE).post().uri(UPLOADS).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"name":"report.pdf","private":"yes"}
				""").exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void reserveWithMalformedJsonIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_WRITE).post()
			.uri(UPLOADS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":")
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void completeAnswersTheAvailableFile() {
		given(this.files.complete(any(), eq(this.id),
				eq(new Completion("bucket", 5L, "c0ffee", "\"etag\"", null, null, null))))
			.willReturn(Mono.just(file()));

		as(Scopes.FILES_WRITE).post()
			.uri(UPLOADS + "/{id}/complete", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"bucket":"bucket","size":5,"sha256":"c0ffee","etag":"\\"etag\\""}
					""")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(this.id.toString())
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE")
			.jsonPath("$.key")
			.doesNotExist();
	}

	@Test
	void completeOfAnUnknownUploadIsNoSuchFile() {
		given(this.files.complete(any(), eq(this.id), any())).willReturn(Mono.error(new NoSuchFileException(this.id)));

		expectProblem(as(Scopes.FILES_WRITE).post()
			.uri(UPLOADS + "/{id}/complete", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5}")
			.exchange(), 404, "NoSuchFile");
	}

	@Test
	void completeWithAnIdThatIsNoUuidIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_WRITE).post()
			.uri(UPLOADS + "/not-a-uuid/complete")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5}")
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void abortAnswersNoContent() {
		given(this.files.abort(any(), eq(this.id))).willReturn(Mono.empty());

		as(Scopes.FILES_WRITE).post().uri(UPLOADS + "/{id}/abort", this.id).exchange().expectStatus().isNoContent();
		then(this.files).should().abort(any(), eq(this.id));
	}

	@Test
	void completeWithAnUploadGrantNeedsNoToken() {
		given(this.files.completeWithGrant(eq(new CompletionGrant("the-grant")), eq(this.id), any()))
			.willReturn(Mono.just(file()));

		this.client.post()
			.uri(UPLOADS + "/{id}/complete", this.id)
			.header("Upload-Grant", "the-grant")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"bucket\":\"bucket\",\"size\":5}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE");
		then(this.files).should(never()).complete(any(), any(), any());
	}

	@Test
	void abortWithAnUploadGrantNeedsNoToken() {
		given(this.files.abortWithGrant(new CompletionGrant("the-grant"), this.id)).willReturn(Mono.empty());

		this.client.post()
			.uri(UPLOADS + "/{id}/abort", this.id)
			.header("Upload-Grant", "the-grant")
			.exchange()
			.expectStatus()
			.isNoContent();
		then(this.files).should().abortWithGrant(new CompletionGrant("the-grant"), this.id);
	}

	@Test
	void completeWithoutGrantOrTokenIsUnauthorized() {
		expectProblem(this.client.post()
			.uri(UPLOADS + "/{id}/complete", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5}")
			.exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.files);
	}

	@Test
	void locationTellsTheGatewayWhereTheBytesAre() {
		given(this.files.get(any(), eq(this.id))).willReturn(Mono.just(file()));

		as(Scopes.FILES_READ).get()
			.uri("/internal/v1/files/{id}/location", this.id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.fileId")
			.isEqualTo(this.id.toString())
			.jsonPath("$.provider")
			.isEqualTo("local")
			.jsonPath("$.bucket")
			.isEqualTo("bucket")
			.jsonPath("$.key")
			.isEqualTo("files/" + this.id)
			.jsonPath("$.size")
			.isEqualTo(5)
			// A read grant for this key only, short-lived.
			.jsonPath("$.storageGrant")
			.value((grant) -> assertThat(StorageGrantClaims.of(String.valueOf(grant)))
				.startsWith("local\nfiles/" + this.id + "\n0\n")
				.endsWith("\nread"));
	}

	@Test
	void getOnTheUploadsIsNotAllowed() {
		expectProblem(as(Scopes.FILES_READ, Scopes.FILES_WRITE).get().uri(UPLOADS).exchange(), 405, "MethodNotAllowed");
	}

	@Test
	void reserveWithoutTokenIsUnauthorized() {
		expectProblem(this.client.post()
			.uri(UPLOADS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"a.pdf\"}")
			.exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.files);
	}

	@Test
	void reserveWithOnlyTheReadScopeIsForbidden() {
		expectProblem(as(Scopes.FILES_READ).post()
			.uri(UPLOADS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"a.pdf\"}")
			.exchange(), 403, "Forbidden");
		verifyNoInteractions(this.files);
	}

	@Test
	void locationWithOnlyTheWriteScopeIsForbidden() {
		expectProblem(as(Scopes.FILES_WRITE).get().uri("/internal/v1/files/{id}/location", this.id).exchange(), 403,
				"Forbidden");
		verifyNoInteractions(this.files);
	}

	private StoredFile file() {
		return new StoredFile(this.id, "report.pdf", "application/pdf", 5L, "c0ffee", "\"etag\"", false, null, "alice",
				"local", "bucket", "files/" + this.id, FileStatus.AVAILABLE, Instant.parse("2026-11-29T10:00:00Z"),
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

	@Test
	void aUserTokenIsForbiddenOnEveryInternalRoute() {
		expectProblem(asUser().post()
			.uri(UPLOADS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"a.pdf\"}")
			.exchange(), 403, "Forbidden");
		expectProblem(asUser().post()
			.uri(UPLOADS + "/{id}/complete", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5}")
			.exchange(), 403, "Forbidden");
		expectProblem(asUser().post().uri(UPLOADS + "/{id}/abort", this.id).exchange(), 403, "Forbidden");
		expectProblem(asUser().get().uri("/internal/v1/files/{id}/location", this.id).exchange(), 403, "Forbidden");
		verifyNoInteractions(this.files);
	}

	@Test
	void theReservationBelongsToTheActingUser() {
		given(this.files.reserve(any(), any()))
			.willReturn(Mono.just(new Reservation(this.id, "local", "files/" + this.id, 1024, "grant")));

		as(Scopes.FILES_WRITE).post()
			.uri(UPLOADS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"a.pdf\"}")
			.exchange()
			.expectStatus()
			.isCreated();
		then(this.files).should()
			.reserve(eq(new com.cloudstorage.files.metadata.Caller("alice", java.util.Set.of(Scopes.FILES_WRITE))),
					any());
	}

}
