package com.cloudstorage.files.metadata.document.web;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.document.Document;
import com.cloudstorage.files.metadata.document.DocumentManagement;
import com.cloudstorage.files.metadata.document.DocumentStatus;

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
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/** The document status endpoint's web layer. Management is mocked. */
@WebFluxTest(controllers = DocumentController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.metadata\\.(JacksonConfiguration|security\\.SecurityConfiguration|\\w+\\.web\\.\\w+Problems)"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
class DocumentControllerWebFluxTests {

	private static final String DOCUMENT = "/api/v1/documents/{type}/{name}";

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private DocumentManagement documents;

	@Test
	void putAnswersTheDocumentWithItsStatusInLowercase() {
		given(this.documents.put("invoice", "INV-1", "submitted"))
			.willReturn(Mono.just(new Document("invoice", "INV-1", DocumentStatus.SUBMITTED)));

		as(Scopes.DOCUMENTS_WRITE).put()
			.uri(DOCUMENT, "invoice", "INV-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"status":"submitted"}
					""")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("invoice")
			.jsonPath("$.name")
			.isEqualTo("INV-1")
			.jsonPath("$.status")
			.isEqualTo("submitted");
	}

	@Test
	void putWithAnUnknownStatusIsInvalidRequest() {
		given(this.documents.put("invoice", "INV-1", "paid"))
			.willReturn(Mono.error(new InvalidRequestException("status must be draft, submitted or cancelled.")));

		expectProblem(as(Scopes.DOCUMENTS_WRITE).put()
			.uri(DOCUMENT, "invoice", "INV-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"status":"paid"}
					""")
			.exchange(), 400, "InvalidRequest").jsonPath("$.detail")
			.isEqualTo("status must be draft, submitted or cancelled.");
	}

	@Test
	void putWithAnUnknownFieldIsInvalidRequest() {
		expectProblem(as(Scopes.DOCUMENTS_WRITE).put()
			.uri(DOCUMENT, "invoice", "INV-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"status":"submitted","owner":"mallory"}
					""")
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.documents);
	}

	@Test
	void putWithMalformedJsonIsInvalidRequest() {
		expectProblem(as(Scopes.DOCUMENTS_WRITE).put()
			.uri(DOCUMENT, "invoice", "INV-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"status\":")
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.documents);
	}

	@Test
	void putWhileTheCatalogueIsDownIsServiceUnavailable() {
		given(this.documents.put(any(), any(), any()))
			.willReturn(Mono.error(new DataAccessResourceFailureException("connection refused")));

		expectProblem(as(Scopes.DOCUMENTS_WRITE).put()
			.uri(DOCUMENT, "invoice", "INV-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"status":"submitted"}
					""")
			.exchange(), 503, "ServiceUnavailable");
	}

	@Test
	void getOfADocumentIsNotAllowed() {
		expectProblem(as(Scopes.DOCUMENTS_WRITE).get().uri(DOCUMENT, "invoice", "INV-1").exchange(), 405,
				"MethodNotAllowed");
	}

	@Test
	void putWithoutTokenIsUnauthorized() {
		expectProblem(this.client.put()
			.uri(DOCUMENT, "invoice", "INV-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"status\":\"submitted\"}")
			.exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.documents);
	}

	@Test
	void putWithOnlyFileScopesIsForbidden() {
		expectProblem(as(Scopes.FILES_WRITE, Scopes.FILES_SHARE).put()
			.uri(DOCUMENT, "invoice", "INV-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"status\":\"submitted\"}")
			.exchange(), 403, "Forbidden");
		verifyNoInteractions(this.documents);
	}

	private WebTestClient as(String... scopes) {
		return this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("billing-app"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(scopes))));
	}

}
