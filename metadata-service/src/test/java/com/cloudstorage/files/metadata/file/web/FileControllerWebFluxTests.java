package com.cloudstorage.files.metadata.file.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.file.AttachmentNotFoundException;
import com.cloudstorage.files.metadata.file.DocumentRef;
import com.cloudstorage.files.metadata.file.FileAttachedToSubmittedDocumentException;
import com.cloudstorage.files.metadata.file.FileAttachment;
import com.cloudstorage.files.metadata.file.FileCursor;
import com.cloudstorage.files.metadata.file.FileManagement;
import com.cloudstorage.files.metadata.file.FilePage;
import com.cloudstorage.files.metadata.file.FileQuery;
import com.cloudstorage.files.metadata.file.FileStatus;
import com.cloudstorage.files.metadata.file.InvalidFileNameException;
import com.cloudstorage.files.metadata.file.NoSuchFileException;
import com.cloudstorage.files.metadata.file.OperationForbiddenException;
import com.cloudstorage.files.metadata.file.SharingLinks;
import com.cloudstorage.files.metadata.file.StoredFile;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/**
 * The public file API's web layer: JSON shape, parameter checks, scopes and the catalogue
 * codes of the file feature's refusals. Management is mocked; the database is covered by
 * the integration tests (FileLifecycleIntegrationTests and its neighbours).
 */
@WebFluxTest(controllers = FileController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.metadata\\.(JacksonConfiguration|security\\.SecurityConfiguration|\\w+\\.web\\.\\w+Problems)"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
class FileControllerWebFluxTests {

	private static final String FILES = "/api/v1/files";

	private static final Instant CREATED = Instant.parse("2026-11-29T10:00:00Z");

	private final UUID id = UUID.randomUUID();

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private FileManagement files;

	@MockitoBean
	private SharingLinks links;

	@BeforeEach
	void noSharingLinkUnlessATestSaysSo() {
		given(this.links.currentOf(any(), any())).willReturn(Mono.empty());
	}

	@Test
	void getAnswersTheFileButNeverWhereItIsStored() {
		given(this.files.get(any(), eq(this.id))).willReturn(Mono.just(file("alice")));

		as("alice", Scopes.FILES_READ).get()
			.uri(FILES + "/{id}", this.id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(this.id.toString())
			.jsonPath("$.name")
			.isEqualTo("report.pdf")
			.jsonPath("$.size")
			.isEqualTo(5)
			.jsonPath("$.contentType")
			.isEqualTo("application/pdf")
			.jsonPath("$.private")
			.isEqualTo(false)
			.jsonPath("$.folder")
			.isEqualTo("docs")
			.jsonPath("$.owner")
			.isEqualTo("alice")
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE")
			.jsonPath("$.createdAt")
			.isEqualTo("2026-11-29T10:00:00Z")
			.jsonPath("$.attachments[0].type")
			.isEqualTo("invoice")
			.jsonPath("$.sharingLink")
			.doesNotExist()
			.jsonPath("$.key")
			.doesNotExist()
			.jsonPath("$.bucket")
			.doesNotExist()
			.jsonPath("$.provider")
			.doesNotExist();
	}

	@Test
	void getShowsTheSharingLinkToTheOwnerWhoMayShare() {
		StoredFile file = file("alice");
		given(this.files.get(any(), eq(this.id))).willReturn(Mono.just(file));
		given(this.links.currentOf(any(), eq(file)))
			.willReturn(Mono.just(new SharingLinks.LinkSummary("https://files.test/s/t0ken", CREATED, null)));

		as("alice", Scopes.FILES_READ, Scopes.FILES_SHARE).get()
			.uri(FILES + "/{id}", this.id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sharingLink.url")
			.isEqualTo("https://files.test/s/t0ken")
			.jsonPath("$.sharingLink.createdAt")
			.isEqualTo("2026-11-29T10:00:00Z");
	}

	@Test
	void getHandsTheCallerFromTheTokenToManagement() {
		given(this.files.get(any(), eq(this.id))).willReturn(Mono.just(file("alice")));

		as("alice", Scopes.FILES_READ).get().uri(FILES + "/{id}", this.id).exchange().expectStatus().isOk();

		then(this.files).should().get(eq(new Caller("alice", Set.of(Scopes.FILES_READ))), eq(this.id));
	}

	@Test
	void getOfAMissingFileIsNoSuchFile() {
		given(this.files.get(any(), eq(this.id))).willReturn(Mono.error(new NoSuchFileException(this.id)));

		expectProblem(as("alice", Scopes.FILES_READ).get().uri(FILES + "/{id}", this.id).exchange(), 404, "NoSuchFile");
	}

	@Test
	void getWithAnIdThatIsNoUuidIsInvalidRequest() {
		expectProblem(as("alice", Scopes.FILES_READ).get().uri(FILES + "/not-a-uuid").exchange(), 400,
				"InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void anIdThatIsBlankIsInvalidRequestNotAServerError() {
		// Issue #8: a blank id converts to no UUID at all, which WebFlux reports as a
		// server error; this was a 503.
		expectProblem(as("alice", Scopes.FILES_WRITE).post()
			.uri(java.net.URI.create("http://localhost" + FILES + "/%09/attachments"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"type\":\" \"}")
			.exchange(), 400, "InvalidRequest");
		expectProblem(as("alice", Scopes.FILES_READ).get()
			.uri(java.net.URI.create("http://localhost" + FILES + "/%20"))
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void getWhileTheCatalogueIsDownIsServiceUnavailable() {
		given(this.files.get(any(), eq(this.id)))
			.willReturn(Mono.error(new DataAccessResourceFailureException("connection refused to 10.0.0.5")));

		expectProblem(as("alice", Scopes.FILES_READ).get().uri(FILES + "/{id}", this.id).exchange(), 503,
				"ServiceUnavailable")
			.consumeWith((body) -> assertThat(new String(body.getResponseBodyContent())).doesNotContain("10.0.0.5"));
	}

	@Test
	void listAnswersThePageWithACursorForTheNext() {
		FileCursor next = new FileCursor(CREATED, this.id);
		given(this.files.list(any())).willReturn(Mono.just(new FilePage(List.of(file("alice")), next)));

		as("alice", Scopes.FILES_READ).get()
			.uri(FILES + "?folder=docs&limit=1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1)
			.jsonPath("$.items[0].id")
			.isEqualTo(this.id.toString())
			.jsonPath("$.nextCursor")
			.isEqualTo(next.encode());
		then(this.files).should().list(new FileQuery("alice", "docs", null, null, null, 1));
	}

	@Test
	void listWithALimitOutOfRangeIsInvalidRequest() {
		expectProblem(as("alice", Scopes.FILES_READ).get().uri(FILES + "?limit=0").exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void listWithALimitThatIsNoNumberIsInvalidRequest() {
		expectProblem(as("alice", Scopes.FILES_READ).get().uri(FILES + "?limit=many").exchange(), 400,
				"InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void listWithACursorItDidNotMakeIsInvalidRequest() {
		expectProblem(as("alice", Scopes.FILES_READ).get().uri(FILES + "?cursor=bm9wZQ").exchange(), 400,
				"InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void listByAttachmentTypeWithoutItsNameIsInvalidRequest() {
		expectProblem(as("alice", Scopes.FILES_READ).get().uri(FILES + "?attachedToType=invoice").exchange(), 400,
				"InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void deleteAnswersNoContentNamingTheRevokedLinks() {
		UUID revoked = UUID.randomUUID();
		given(this.files.delete(any(), eq(this.id), eq(false))).willReturn(Mono.just(List.of(revoked)));

		as("alice", Scopes.FILES_DELETE).delete()
			.uri(FILES + "/{id}", this.id)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals("X-Revoked-Link-Id", revoked.toString());
	}

	@Test
	void deleteOfAFileAttachedToASubmittedDocumentIsAConflictNamingTheDocuments() {
		given(this.files.delete(any(), eq(this.id), eq(false)))
			.willReturn(Mono.error(new FileAttachedToSubmittedDocumentException("The file is attached to INV-1.",
					List.of(new DocumentRef("invoice", "INV-1")))));

		expectProblem(as("alice", Scopes.FILES_DELETE).delete().uri(FILES + "/{id}", this.id).exchange(), 409,
				"FileAttachedToSubmittedDocument")
			.jsonPath("$.documents[0].type")
			.isEqualTo("invoice")
			.jsonPath("$.documents[0].name")
			.isEqualTo("INV-1");
	}

	@Test
	void deleteOfSomeoneElsesFileIsForbidden() {
		given(this.files.delete(any(), eq(this.id), eq(true)))
			.willReturn(Mono.error(new OperationForbiddenException("Only the owner may force a delete.")));

		expectProblem(as("bob", Scopes.FILES_DELETE).delete().uri(FILES + "/{id}?force=true", this.id).exchange(), 403,
				"Forbidden");
	}

	@Test
	void attachAnswersTheFileWithItsAttachments() {
		given(this.files.attach(any(), eq(this.id), eq(new DocumentRef("invoice", "INV-1"))))
			.willReturn(Mono.just(file("alice")));

		as("alice", Scopes.FILES_WRITE).post()
			.uri(FILES + "/{id}/attachments", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"type":"invoice","name":"INV-1"}
					""")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.attachments[0].name")
			.isEqualTo("INV-1")
			.jsonPath("$.attachments[0].documentStatus")
			.isEqualTo("draft");
	}

	@Test
	void attachWithAnInvalidLabelIsInvalidFileName() {
		given(this.files.attach(any(), eq(this.id), any()))
			.willReturn(Mono.error(new InvalidFileNameException("type must not contain '/'.")));

		expectProblem(as("alice", Scopes.FILES_WRITE).post()
			.uri(FILES + "/{id}/attachments", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"type":"a/b","name":"INV-1"}
					""")
			.exchange(), 400, "InvalidFileName");
	}

	@Test
	void attachWithAnUnknownFieldIsInvalidRequest() {
		expectProblem(as("alice", Scopes.FILES_WRITE).post()
			.uri(FILES + "/{id}/attachments", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"type":"invoice","name":"INV-1","owner":"mallory"}
					""")
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void attachWithMalformedJsonIsInvalidRequest() {
		expectProblem(as("alice", Scopes.FILES_WRITE).post()
			.uri(FILES + "/{id}/attachments", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"type\":")
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.files);
	}

	@Test
	void detachOfADocumentTheFileIsNotAttachedToIsNotFound() {
		given(this.files.detach(any(), eq(this.id), eq(new DocumentRef("invoice", "INV-9"))))
			.willReturn(Mono.error(new AttachmentNotFoundException("The file is not attached to INV-9.")));

		expectProblem(as("alice", Scopes.FILES_WRITE).delete()
			.uri(FILES + "/{id}/attachments/invoice/INV-9", this.id)
			.exchange(), 404, "NotFound");
	}

	@Test
	void putOnAFileIsNotAllowed() {
		expectProblem(as("alice", Scopes.FILES_WRITE).put()
			.uri(FILES + "/{id}", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange(), 405, "MethodNotAllowed");
	}

	@Test
	void listWithoutTokenIsUnauthorized() {
		expectProblem(this.client.get().uri(FILES).exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.files);
	}

	@Test
	void deleteWithOnlyTheReadScopeIsForbidden() {
		expectProblem(as("alice", Scopes.FILES_READ).delete().uri(FILES + "/{id}", this.id).exchange(), 403,
				"Forbidden");
		verifyNoInteractions(this.files);
	}

	private StoredFile file(String owner) {
		return new StoredFile(this.id, "report.pdf", "application/pdf", 5L, "c0ffee", "\"etag\"", false, "docs", owner,
				"local", "bucket", "files/" + this.id, FileStatus.AVAILABLE, CREATED,
				List.of(new FileAttachment("invoice", "INV-1", "draft")));
	}

	private WebTestClient as(String subject, String... scopes) {
		return this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject(subject))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(scopes))));
	}

}
