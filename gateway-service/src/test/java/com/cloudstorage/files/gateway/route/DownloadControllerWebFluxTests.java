package com.cloudstorage.files.gateway.route;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientResponse;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/files/{id}/content} alone: id and mode checks, the scope, the
 * presigned redirect, the streamed relay with its header allow-list, and how the answers
 * of the services behind map to the client's. The services are a script
 * ({@link ScriptedDownstreams}); the real byte path is covered by
 * {@code GatewayIntegrationTests}.
 */
@WebFluxTest(controllers = DownloadController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.gateway\\.(security\\.SecurityConfiguration|error\\.GatewayProblems)"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@Import(ScriptedDownstreams.class)
class DownloadControllerWebFluxTests extends GatewaySliceSupport {

	private static final String FILE = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final String LOCATION = "/internal/v1/files/" + FILE + "/location";

	private static final String READER = TestTokens.bearer("alice", "files:read");

	/** What metadata-service's location carries for storage-service (opaque here). */
	private static final String READ_GRANT = "k1.read-grant-payload.mac";

	@BeforeEach
	void fileIsKnown() {
		this.services.answer(HttpMethod.GET, LOCATION, (call) -> ScriptedDownstreams.json(HttpStatus.OK,
				"{\"fileId\":\"" + FILE + "\",\"name\":\"report.pdf\",\"contentType\":\"application/pdf\",\"size\":10,"
						+ "\"provider\":\"local\",\"bucket\":\"files\",\"key\":\"uploads/" + FILE
						+ "\",\"storageGrant\":\"" + READ_GRANT + "\"}"));
	}

	@Test
	void redirectsToThePresignedUrlWithoutCaching() {
		this.services.answer(HttpMethod.POST, "/internal/v1/presigned-downloads", (call) -> ScriptedDownstreams
			.json(HttpStatus.OK, "{\"url\":\"http://s3.test/o?X-Amz-Signature=s\",\"expiresAt\":null}"));

		get("/api/v1/files/" + FILE + "/content", READER).expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, "http://s3.test/o?X-Amz-Signature=s")
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore());

		ScriptedDownstreams.Call presign = this.services.calls(HttpMethod.POST, "/internal/v1/presigned-downloads")
			.get(0);
		com.cloudstorage.files.gateway.TestTokens
			.assertServiceToken(presign.headers().getFirst(HttpHeaders.AUTHORIZATION));
		assertThat(presign.body()).contains("\"key\":\"uploads/" + FILE + "\"").contains("\"filename\":\"report.pdf\"");
		// metadata-service's read grant goes to storage-service, never to the client.
		assertThat(presign.headers().getFirst("Storage-Grant")).isEqualTo(READ_GRANT);
	}

	@Test
	void modeUrlAnswersThePresignedUrlAsJson() {
		this.services.answer(HttpMethod.POST, "/internal/v1/presigned-downloads",
				(call) -> ScriptedDownstreams.json(HttpStatus.OK, "{\"url\":\"http://s3.test/o\"}"));

		get("/api/v1/files/" + FILE + "/content?mode=url", READER).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo("http://s3.test/o");
	}

	@Test
	void streamRelaysRangeAndOnlyTheAllowedHeaders() {
		this.services.answer(HttpMethod.GET, "/internal/v1/objects/local",
				(call) -> ClientResponse.create(HttpStatus.PARTIAL_CONTENT)
					.header(HttpHeaders.CONTENT_RANGE, "bytes 0-3/10")
					.header(HttpHeaders.CONTENT_TYPE, "application/pdf")
					.header("X-Internal-Secret", "never-leaks")
					.body("0123")
					.build());

		this.client.get()
			.uri("/api/v1/files/" + FILE + "/content?mode=stream")
			.header(HttpHeaders.AUTHORIZATION, READER)
			.header(HttpHeaders.RANGE, "bytes=0-3")
			.header("X-Other", "stays here")
			.exchange()
			.expectStatus()
			.isEqualTo(206)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 0-3/10")
			.expectHeader()
			.doesNotExist("X-Internal-Secret")
			.expectBody(String.class)
			.isEqualTo("0123");

		ScriptedDownstreams.Call read = this.services.calls(HttpMethod.GET, "/internal/v1/objects/local").get(0);
		assertThat(read.headers().getFirst(HttpHeaders.RANGE)).isEqualTo("bytes=0-3");
		assertThat(read.headers().containsHeader("X-Other")).isFalse();
		assertThat(read.query()).contains("key=uploads%2F" + FILE).contains("filename=report.pdf");
		assertThat(read.headers().getFirst("Storage-Grant")).isEqualTo(READ_GRANT);
	}

	@Test
	void anIdThatIsNotAUuidIsRefusedWithoutAnyCall() {
		expectProblem(get("/api/v1/files/not-a-uuid/content", READER), 400, "InvalidRequest");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void anUnknownModeIsRefusedWithoutAnyCall() {
		expectProblem(get("/api/v1/files/" + FILE + "/content?mode=zip", READER), 400, "InvalidRequest");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void withoutTheReadScopeItIsForbidden() {
		expectProblem(get("/api/v1/files/" + FILE + "/content", TestTokens.bearer("alice", "files:write")), 403,
				"Forbidden");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void withoutATokenItIsUnauthorized() {
		expectProblem(this.client.get().uri("/api/v1/files/" + FILE + "/content").exchange(), 401, "Unauthorized");
	}

	@Test
	void aRefusalFromMetadataIsPassedOnAndNothingIsPresigned() {
		this.services.reset();
		this.services.answer(HttpMethod.GET, LOCATION,
				(call) -> ScriptedDownstreams.problem(HttpStatus.NOT_FOUND, "NoSuchFile"));

		expectProblem(get("/api/v1/files/" + FILE + "/content", READER), 404, "NoSuchFile");
		assertThat(this.services.calls(HttpMethod.POST, "/internal/v1/presigned-downloads")).isEmpty();
	}

	@Test
	void aServerErrorBehindIsServiceUnavailable() {
		this.services.answer(HttpMethod.POST, "/internal/v1/presigned-downloads",
				(call) -> ClientResponse.create(HttpStatus.INTERNAL_SERVER_ERROR)
					.header(HttpHeaders.CONTENT_TYPE, MediaType.TEXT_PLAIN_VALUE)
					.body("java.lang.IllegalStateException at Foo.java:12")
					.build());

		expectProblem(get("/api/v1/files/" + FILE + "/content", READER), 503, "ServiceUnavailable")
			.consumeWith((body) -> assertThat(new String(body.getResponseBodyContent())).doesNotContain("Foo.java"));
	}

	private WebTestClient.ResponseSpec get(String uri, String authorization) {
		return this.client.get().uri(uri).header(HttpHeaders.AUTHORIZATION, authorization).exchange();
	}

}
