package com.cloudstorage.files.metadata;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.testsupport.TestTokens;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transfer may outlive the caller's access token: the reservation's grant completes or
 * aborts that one upload without a token, and nothing else.
 */
class UploadCompletionGrantIntegrationTests extends IntegrationTestSupport {

	private static final String OWNER = "grant-owner";

	@Test
	void theGrantCompletesAnUploadWhoseTokenHasExpired() {
		Reserved upload = reserveWithGrant("report.pdf");
		expectProblem(completeWith("Authorization", "Bearer " + TestTokens.expired(OWNER, USER), upload.id()), 401,
				"Unauthorized");

		completeWith("Upload-Grant", upload.grant(), upload.id()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(upload.id().toString())
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE");
		this.http.get()
			.uri("/api/v1/files/{id}", upload.id())
			.header("Authorization", bearer(OWNER, USER))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("report.pdf");
	}

	@Test
	void aGrantIsSpentOnceTheUploadIsComplete() {
		Reserved upload = reserveWithGrant("once.pdf");
		completeWith("Upload-Grant", upload.grant(), upload.id()).expectStatus().isOk();

		expectProblem(completeWith("Upload-Grant", upload.grant(), upload.id()), 404, "NoSuchFile");
		this.http.post()
			.uri("/internal/v1/uploads/{id}/abort", upload.id())
			.header("Upload-Grant", upload.grant())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void aGrantOpensOnlyItsOwnUpload() {
		Reserved mine = reserveWithGrant("mine.pdf");
		Reserved other = reserveWithGrant("other.pdf");

		expectProblem(completeWith("Upload-Grant", mine.grant(), other.id()), 404, "NoSuchFile");
		expectProblem(completeWith("Upload-Grant", "x".repeat(100_000).substring(0, 4000), other.id()), 404,
				"NoSuchFile");
		expectProblem(completeWith("Upload-Grant", "", other.id()), 404, "NoSuchFile");
		// Still pending: its own grant completes it.
		completeWith("Upload-Grant", other.grant(), other.id()).expectStatus().isOk();
	}

	@Test
	void theGrantAbortsAnUploadAndThenCannotCompleteIt() {
		Reserved upload = reserveWithGrant("aborted.pdf");
		this.http.post()
			.uri("/internal/v1/uploads/{id}/abort", upload.id())
			.header("Upload-Grant", upload.grant())
			.exchange()
			.expectStatus()
			.isNoContent();

		expectProblem(completeWith("Upload-Grant", upload.grant(), upload.id()), 404, "NoSuchFile");
	}

	@Test
	void withoutGrantOrTokenCompletionIsUnauthorized() {
		Reserved upload = reserveWithGrant("anonymous.pdf");
		expectProblem(this.http.post()
			.uri("/internal/v1/uploads/{id}/complete", upload.id())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(completion(upload.id()))
			.exchange(), 401, "Unauthorized");
	}

	private Reserved reserveWithGrant(String name) {
		Map<?, ?> reserved = reservationAnswer(OWNER, reservation(name, true, null, List.of()));
		String grant = (String) reserved.get("completionGrant");
		assertThat(grant).as("completion grant").hasSizeGreaterThanOrEqualTo(43);
		return new Reserved(UUID.fromString((String) reserved.get("fileId")), grant);
	}

	private WebTestClient.ResponseSpec completeWith(String header, String value, UUID id) {
		return this.http.post()
			.uri("/internal/v1/uploads/{id}/complete", id)
			.header(header, value)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(completion(id))
			.exchange();
	}

	private static Map<String, Object> completion(UUID id) {
		return Map.of("bucket", TestInfrastructure.BUCKET, "size", 10, "sha256", sha256(id.toString()), "etag",
				"\"etag-" + id + "\"");
	}

	private record Reserved(UUID id, String grant) {
	}

}
