package com.cloudstorage.files.metadata;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.kit.security.ActingUser;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;

/**
 * The internal API answers only a service identity ({@code files:internal}, audience
 * {@code metadata-service}) naming the user it acts for; a user's own token, whatever its
 * scopes, gets 403.
 */
class InternalRoutesIdentityIntegrationTests extends IntegrationTestSupport {

	private static final String ALL_USER_SCOPES = String.join(" ", READ, WRITE, DELETE, ADMIN, DOCUMENTS,
			"files:share");

	@Test
	void aUserTokenSentStraightToTheInternalRoutesIsForbidden() {
		String mallory = unique("mallory");
		String user = "Bearer " + TestTokens.token(mallory, READ, WRITE, DELETE, ADMIN, "files:share");
		expectProblem(reserveWith((headers) -> headers.set("Authorization", user)), 403, "Forbidden");
		// Even naming a user in the headers, and even with this service's audience.
		String sameAudience = "Bearer " + TestTokens.tokenFor(List.of("metadata-service"), mallory, READ, WRITE);
		expectProblem(reserveWith((headers) -> {
			headers.set("Authorization", sameAudience);
			headers.set(ActingUser.SUBJECT_HEADER, "alice");
			headers.set(ActingUser.SCOPES_HEADER, ALL_USER_SCOPES);
		}), 403, "Forbidden");
		UUID id = upload(unique("owner"), "private.pdf", true, null);
		expectProblem(
				this.http.get().uri("/internal/v1/files/{id}/location", id).header("Authorization", user).exchange(),
				403, "Forbidden");
	}

	@Test
	void aServiceTokenForAnotherServiceIsUnauthorized() {
		String forStorage = "Bearer " + TestTokens.service("storage-service");
		expectProblem(reserveWith((headers) -> {
			headers.set("Authorization", forStorage);
			headers.set(ActingUser.SUBJECT_HEADER, "alice");
			headers.set(ActingUser.SCOPES_HEADER, WRITE);
		}), 401, "Unauthorized");
	}

	@Test
	void theServiceIdentityMustNameAUserWhoHoldsTheScope() {
		String service = "Bearer " + TestTokens.service("metadata-service");
		expectProblem(reserveWith((headers) -> headers.set("Authorization", service)), 400, "InvalidRequest");
		expectProblem(reserveWith(asGatewayFor(unique("reader"), READ)), 403, "Forbidden");
	}

	@Test
	void theFileBelongsToTheUserTheServiceActsFor() {
		String carol = unique("carol");
		UUID id = upload(carol, "carol.pdf", true, null);
		this.http.get()
			.uri("/api/v1/files/{id}", id)
			.header("Authorization", bearer(carol, READ))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.owner")
			.isEqualTo(carol);
		// Another user the gateway acts for cannot locate carol's private file.
		expectProblem(this.http.get()
			.uri("/internal/v1/files/{id}/location", id)
			.headers(asGatewayFor(unique("dave"), READ))
			.exchange(), 404, "NoSuchFile");
	}

	private WebTestClient.ResponseSpec reserveWith(
			java.util.function.Consumer<org.springframework.http.HttpHeaders> headers) {
		return this.http.post()
			.uri("/internal/v1/uploads")
			.headers(headers)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "x.pdf"))
			.exchange();
	}

}
