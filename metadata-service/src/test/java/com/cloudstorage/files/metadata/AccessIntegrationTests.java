package com.cloudstorage.files.metadata;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.http.MediaType;

/** Who may do what: tokens, scopes and ownership. */
class AccessIntegrationTests extends IntegrationTestSupport {

	@Test
	void withoutAValidTokenEveryCallIsUnauthorized() {
		String erin = unique("erin");
		UUID secret = upload(erin, "secret.txt", true, null);

		expectProblem(this.http.get().uri("/api/v1/files/{id}", secret).exchange(), 401, "Unauthorized");
		expectProblem(this.http.get().uri("/api/v1/files").exchange(), 401, "Unauthorized");
		expectProblem(this.http.get()
			.uri("/api/v1/files/{id}", secret)
			.header("Authorization", "Bearer " + TestTokens.forged(erin, READ))
			.exchange(), 401, "Unauthorized");
		expectProblem(this.http.get()
			.uri("/api/v1/files/{id}", secret)
			.header("Authorization", "Bearer " + TestTokens.expired(erin, READ))
			.exchange(), 401, "Unauthorized");
		// Health stays open for probes.
		this.http.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

	@Test
	void aMissingScopeIsForbiddenEvenForTheOwner() {
		String erin = unique("erin");
		UUID secret = upload(erin, "secret.txt", true, null);

		expectProblem(read(erin, secret, WRITE), 403, "Forbidden");
		expectProblem(this.http.delete()
			.uri("/api/v1/files/{id}", secret)
			.header("Authorization", bearer(erin, READ, WRITE))
			.exchange(), 403, "Forbidden");
		expectProblem(this.http.put()
			.uri("/api/v1/documents/{type}/{name}", "Quote", "Q-1")
			.header("Authorization", bearer(erin, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", "draft"))
			.exchange(), 403, "Forbidden");
	}

	@Test
	void anotherUsersPrivateFileDoesNotExistWhateverIsTried() {
		UUID secret = upload(unique("erin"), "secret.txt", true, null);
		String frank = unique("frank");

		expectProblem(read(frank, secret, USER), 404, "NoSuchFile");
		expectProblem(this.http.get()
			.uri("/internal/v1/files/{id}/location", secret)
			.headers(asGatewayFor(frank, USER))
			.exchange(), 404, "NoSuchFile");
		expectProblem(delete(frank, secret, false), 404, "NoSuchFile");
		expectProblem(attach(frank, secret, "Quote", "Q-1"), 404, "NoSuchFile");
	}

	@Test
	void aPublicFileIsReadableByAnyoneButChangedOnlyByItsOwner() {
		UUID shared = upload(unique("erin"), "shared.txt", false, null);
		String frank = unique("frank");

		read(frank, shared, READ).expectStatus().isOk();
		expectProblem(delete(frank, shared, false), 403, "Forbidden");
	}

	@Test
	void anAdminReadsPrivateFiles() {
		String erin = unique("erin");
		UUID secret = upload(erin, "secret.txt", true, null);

		read(unique("admin"), secret, READ, ADMIN).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.owner")
			.isEqualTo(erin);
	}

}
