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
 * {@code POST /api/v1/files} alone: the raw and multipart forms, their checks before
 * anything is reserved, the reserve → store → complete sequence, and the abort when a
 * step fails. The services are a script ({@link ScriptedDownstreams}); the real byte path
 * and broken connections are covered by {@code GatewayIntegrationTests}.
 */
@WebFluxTest(controllers = UploadController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.gateway\\.(security\\.SecurityConfiguration|error\\.GatewayProblems)"),
		properties = "files.gateway.max-upload-bytes=100")
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@Import(ScriptedDownstreams.class)
class UploadControllerWebFluxTests extends GatewaySliceSupport {

	private static final String FILE = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final String WRITER = TestTokens.bearer("alice", "files:write");

	private static final String RESERVE = "/internal/v1/uploads";

	private static final String STORE = "/internal/v1/objects/local";

	private static final String COMPLETE = "/internal/v1/uploads/" + FILE + "/complete";

	private static final String ABORT = "/internal/v1/uploads/" + FILE + "/abort";

	@BeforeEach
	void servicesAccept() {
		this.services.answer(HttpMethod.POST, RESERVE,
				(call) -> ScriptedDownstreams.json(HttpStatus.CREATED, "{\"fileId\":\"" + FILE
						+ "\",\"provider\":\"local\",\"key\":\"uploads/" + FILE + "\",\"maxBytes\":50}"));
		this.services.answer(HttpMethod.POST, COMPLETE, (call) -> ScriptedDownstreams.json(HttpStatus.OK,
				"{\"id\":\"" + FILE + "\",\"status\":\"AVAILABLE\"}"));
		this.services.answer(HttpMethod.POST, ABORT, (call) -> ClientResponse.create(HttpStatus.NO_CONTENT).build());
	}

	@Test
	void aRawUploadIsReservedStoredAndCompleted() {
		storageStoresWhatItGets(0);

		this.client.post()
			.uri("/api/v1/files?name=notes.txt&folder=docs&private=false")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/files/" + FILE)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE");

		ScriptedDownstreams.Call reserve = this.services.calls(HttpMethod.POST, RESERVE).get(0);
		assertThat(reserve.body()).contains("\"name\":\"notes.txt\"")
			.contains("\"folder\":\"docs\"")
			.contains("\"private\":false")
			.contains("\"contentType\":\"text/plain\"");
		ScriptedDownstreams.Call store = this.services.calls(HttpMethod.PUT, STORE).get(0);
		// The smaller of the reservation's limit (50) and the gateway's (100).
		assertThat(store.query()).contains("maxBytes=50").contains("key=uploads%2F" + FILE);
		assertThat(store.body()).isEqualTo("hello");
		// The gateway's own identity everywhere; the user is named only where it matters.
		com.cloudstorage.files.gateway.TestTokens
			.assertServiceToken(store.headers().getFirst(HttpHeaders.AUTHORIZATION));
		assertThat(store.headers().containsHeader("X-Acting-User")).isFalse();
		com.cloudstorage.files.gateway.TestTokens
			.assertServiceToken(reserve.headers().getFirst(HttpHeaders.AUTHORIZATION));
		assertThat(reserve.headers().getFirst("X-Acting-User")).isEqualTo("alice");
		assertThat(this.services.calls(HttpMethod.POST, COMPLETE).get(0).body()).contains("\"size\":5");
		assertThat(this.services.calls(HttpMethod.POST, ABORT)).isEmpty();
	}

	@Test
	void aMultipartUploadTakesItsFieldsAroundTheFilePart() {
		storageStoresWhatItGets(0);
		String body = "--b\r\nContent-Disposition: form-data; name=\"folder\"\r\n\r\nbefore\r\n"
				+ "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nhello\r\n"
				+ "--b\r\nContent-Disposition: form-data; name=\"folder\"\r\n\r\nafter\r\n--b--\r\n";

		this.client.post()
			.uri("/api/v1/files")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=b"))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated();

		assertThat(this.services.calls(HttpMethod.POST, RESERVE).get(0).body()).contains("\"name\":\"a.txt\"")
			.contains("\"folder\":\"before\"");
		assertThat(this.services.calls(HttpMethod.PUT, STORE).get(0).body()).isEqualTo("hello");
		assertThat(this.services.calls(HttpMethod.POST, COMPLETE).get(0).body()).contains("\"folder\":\"after\"");
	}

	@Test
	void withoutANameNothingIsReserved() {
		expectProblem(upload("/api/v1/files", WRITER, "hello"), 400, "InvalidRequest");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void anUnknownFieldOrHalfAnAttachmentIsRefusedBeforeReserving() {
		expectProblem(upload("/api/v1/files?name=a.txt&owner=bob", WRITER, "hello"), 400, "InvalidRequest");
		expectProblem(upload("/api/v1/files?name=a.txt&attachedToType=T", WRITER, "hello"), 400, "InvalidRequest");
		expectProblem(upload("/api/v1/files?name=a.txt&private=maybe", WRITER, "hello"), 400, "InvalidRequest");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void aContentLengthThatIsNotALengthIsRefusedBeforeReserving() {
		// Issue #8: such a request used to reserve and complete an empty file.
		for (String declared : new String[] { "abc", "-1", "1, 2" }) {
			expectProblem(this.client.post()
				.uri("/api/v1/files?name=a.txt")
				.header(HttpHeaders.AUTHORIZATION, WRITER)
				.header(HttpHeaders.CONTENT_LENGTH, declared)
				.exchange(), 400, "InvalidRequest");
		}
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void anAnnouncedOversizeIsRefusedBeforeReserving() {
		expectProblem(upload("/api/v1/files?name=a.txt", WRITER, "x".repeat(101)), 413, "EntityTooLarge");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void withoutTheWriteScopeItIsForbidden() {
		expectProblem(upload("/api/v1/files?name=a.txt", TestTokens.bearer("alice", "files:read"), "hello"), 403,
				"Forbidden");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void aRefusalOfStorageIsPassedOnAndTheReservationAborted() {
		this.services.answer(HttpMethod.PUT, STORE,
				(call) -> ScriptedDownstreams.problem(HttpStatus.CONTENT_TOO_LARGE, "EntityTooLarge"));

		expectProblem(upload("/api/v1/files?name=a.txt", WRITER, "hello"), 413, "EntityTooLarge");
		assertThat(this.services.calls(HttpMethod.POST, ABORT)).hasSize(1);
		assertThat(this.services.calls(HttpMethod.POST, COMPLETE)).isEmpty();
	}

	@Test
	void aStoredSizeOtherThanWhatWasSentIsNeverCompleted() {
		storageStoresWhatItGets(-1);

		expectProblem(upload("/api/v1/files?name=a.txt", WRITER, "hello"), 503, "ServiceUnavailable");
		assertThat(this.services.calls(HttpMethod.POST, ABORT)).hasSize(1);
		assertThat(this.services.calls(HttpMethod.POST, COMPLETE)).isEmpty();
	}

	@Test
	void multipartWithoutABoundaryIsRefusedBeforeReserving() {
		expectProblem(this.client.post()
			.uri("/api/v1/files")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.bodyValue("--x\r\n")
			.exchange(), 400, "InvalidRequest");
		assertThat(this.services.calls()).isEmpty();
	}

	/** Storage answers the size it received, plus {@code skew}. */
	private void storageStoresWhatItGets(int skew) {
		this.services.answer(HttpMethod.PUT, STORE,
				(call) -> ScriptedDownstreams.json(HttpStatus.OK,
						"{\"bucket\":\"files\",\"key\":\"uploads/" + FILE + "\",\"size\":"
								+ (call.bytes().length + skew) + ",\"sha256\":\"c0ffee\",\"etag\":\"\\\"e\\\"\"}"));
	}

	private WebTestClient.ResponseSpec upload(String uri, String authorization, String body) {
		return this.client.post()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(body)
			.exchange();
	}

}
