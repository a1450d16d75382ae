package com.cloudstorage.files.testsupport;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every problem answer must look like, checked in one place. */
public final class ProblemAssertions {

	private ProblemAssertions() {
	}

	/**
	 * Asserts an RFC 9457 problem+json answer with the given status and catalogue code,
	 * and returns the body for further checks.
	 */
	public static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status,
			String code) {
		WebTestClient.BodyContentSpec body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.code")
			.isEqualTo(code)
			.jsonPath("$.type")
			.value((type) -> org.assertj.core.api.Assertions.assertThat(String.valueOf(type))
				.startsWith("https://errors.cloudstorage.dev/files/"))
			.jsonPath("$.title")
			.exists();
		if (status == 503 || status == 429) {
			response.expectHeader().exists("Retry-After");
		}
		return body;
	}

}
