package com.cloudstorage.files.gateway.route;

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
import org.springframework.web.reactive.function.client.ClientResponse;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/uploads} alone: which service is asked what, in which order, and the
 * checks made before any byte or call goes on. The services are a script
 * ({@link ScriptedDownstreams}); the real flow runs in deploy/local-stack's
 * {@code UploadSessionsEndToEndIntegrationTests}.
 */
@WebFluxTest(controllers = UploadSessionController.class, includeFilters = @ComponentScan.Filter(
		type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.gateway\\.(security\\.SecurityConfiguration|error\\.GatewayProblems|route\\.UploadSessionCalls)"),
		properties = "files.gateway.max-upload-bytes=1000")
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@Import(ScriptedDownstreams.class)
class UploadSessionControllerWebFluxTests extends GatewaySliceSupport {

	private static final String ID = "0b6f0a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final String FILE = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final String WRITER = TestTokens.bearer("alice", "files:write");

	private static final String SESSIONS = "/internal/v1/upload-sessions";

	private static final String SESSION = SESSIONS + "/" + ID;

	private static final String MULTIPART = "/internal/v1/multipart-uploads/local";

	@Test
	void openingReservesAtMetadataThenStartsTheMultipartUploadAndHidesStorageDetails() {
		this.services.answer(HttpMethod.POST, SESSIONS,
				(call) -> ScriptedDownstreams.json(HttpStatus.CREATED, session("direct")));
		this.services.answer(HttpMethod.POST, MULTIPART, (call) -> ClientResponse.create(HttpStatus.CREATED).build());

		this.client.post()
			.uri("/api/v1/uploads")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"a.bin\",\"size\":900,\"mode\":\"direct\",\"attachedToType\":\"Sales Invoice\","
					+ "\"attachedToName\":\"INV-1\",\"private\":false}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/uploads/" + ID)
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(ID)
			.jsonPath("$.partCount")
			.isEqualTo(2)
			.jsonPath("$.key")
			.doesNotExist()
			.jsonPath("$.provider")
			.doesNotExist();

		assertThat(this.services.calls(HttpMethod.POST, SESSIONS).get(0).body()).contains("\"size\":900")
			.contains("\"mode\":\"direct\"")
			.contains("\"private\":false")
			.contains("{\"type\":\"Sales Invoice\",\"name\":\"INV-1\"}");
		assertThat(this.services.calls(HttpMethod.POST, MULTIPART).get(0).query()).isEqualTo("key=files%2F" + FILE);
	}

	@Test
	void aSizeOverTheLimitIsRefusedBeforeAnyCall() {
		expectProblem(open("{\"name\":\"a.bin\",\"size\":1001,\"mode\":\"direct\"}"), 413, "EntityTooLarge");
		expectProblem(open("{\"name\":\"a.bin\",\"mode\":\"direct\"}"), 400, "InvalidRequest");
		expectProblem(open("{\"name\":\"a.bin\",\"size\":5,\"mode\":\"direct\",\"attachedToType\":\"x\"}"), 400,
				"InvalidRequest");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void aMultipartUploadThatCannotStartAbortsTheSession() {
		this.services.answer(HttpMethod.POST, SESSIONS,
				(call) -> ScriptedDownstreams.json(HttpStatus.CREATED, session("proxied")));
		this.services.answer(HttpMethod.POST, MULTIPART,
				(call) -> ScriptedDownstreams.problem(HttpStatus.SERVICE_UNAVAILABLE, "StorageUnavailable"));
		this.services.answer(HttpMethod.POST, SESSION + "/abort",
				(call) -> ClientResponse.create(HttpStatus.NO_CONTENT).build());

		expectProblem(open("{\"name\":\"a.bin\",\"size\":900,\"mode\":\"proxied\"}"), 503, "StorageUnavailable");
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/abort")).hasSize(1);
	}

	@Test
	void aProxiedPartStreamsToStorageWithItsExactSize() {
		sessionIs("proxied");
		this.services.answer(HttpMethod.PUT, MULTIPART + "/parts/2", (call) -> ScriptedDownstreams.json(HttpStatus.OK,
				"{\"partNumber\":2,\"size\":" + call.bytes().length + ",\"etag\":\"\\\"e\\\"\"}"));

		this.client.put()
			.uri("/api/v1/uploads/" + ID + "/parts/2")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[400])
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.size")
			.isEqualTo(400);
		ScriptedDownstreams.Call part = this.services.calls(HttpMethod.PUT, MULTIPART + "/parts/2").get(0);
		assertThat(part.query()).contains("size=400").contains("key=files%2F" + FILE);
		// Internal routes take the gateway's own identity, never the user's token.
		com.cloudstorage.files.gateway.TestTokens
			.assertServiceToken(part.headers().getFirst(HttpHeaders.AUTHORIZATION));
	}

	@Test
	void partsOutsideTheSessionNeverReachStorage() {
		sessionIs("proxied");
		expectProblem(putPart("3", 10), 400, "PartNumberOutOfRange");
		expectProblem(putPart("0", 10), 400, "PartNumberOutOfRange");
		expectProblem(putPart("x", 10), 400, "InvalidRequest");
		expectProblem(putPart("1", 501), 413, "PartTooLarge");
		expectProblem(putPart("2", 399), 400, "InvalidRequest");
		expectProblem(this.client.post()
			.uri("/api/v1/uploads/" + ID + "/part-urls")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.exchange(), 409, "UploadModeMismatch");
		assertThat(this.services.calls()).allMatch((call) -> call.uri().getPath().equals(SESSION));
	}

	@Test
	void partUrlsAreAskedForTheSessionsPartsWithTheirSizes() {
		sessionIs("direct");
		this.services
			.answer(HttpMethod.POST, MULTIPART + "/part-urls", (call) -> ScriptedDownstreams.json(HttpStatus.OK,
					"{\"urls\":[{\"partNumber\":2,\"url\":\"http://s3/p2\",\"expiresAt\":\"2026-11-30T08:00:00Z\"}]}"));

		this.client.post()
			.uri("/api/v1/uploads/" + ID + "/part-urls?first=2")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.urls[0].size")
			.isEqualTo(400)
			.jsonPath("$.urls[0].url")
			.isEqualTo("http://s3/p2");
		assertThat(this.services.calls(HttpMethod.POST, MULTIPART + "/part-urls").get(0).body())
			.isEqualTo("{\"parts\":[{\"partNumber\":2,\"size\":400}]}");
	}

	@Test
	void aChecksumMismatchAbortsTheSessionAndAMissingPartDoesNot() {
		sessionIs("proxied");
		this.services.answer(HttpMethod.POST, SESSION + "/abort",
				(call) -> ClientResponse.create(HttpStatus.NO_CONTENT).build());
		this.services.answer(HttpMethod.POST, MULTIPART + "/complete",
				(call) -> ScriptedDownstreams.problem(HttpStatus.CONFLICT, "UploadIncomplete"));
		expectProblem(complete(), 409, "UploadIncomplete");
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/abort")).isEmpty();

		this.services.reset();
		sessionIs("proxied");
		this.services.answer(HttpMethod.POST, SESSION + "/abort",
				(call) -> ClientResponse.create(HttpStatus.NO_CONTENT).build());
		this.services.answer(HttpMethod.POST, MULTIPART + "/complete",
				(call) -> ScriptedDownstreams.problem(HttpStatus.UNPROCESSABLE_CONTENT, "ChecksumMismatch"));
		expectProblem(complete(), 422, "ChecksumMismatch");
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/abort")).hasSize(1);
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/complete")).isEmpty();
	}

	@Test
	void completionGoesToStorageThenMetadata() {
		sessionIs("proxied");
		this.services.answer(HttpMethod.POST, MULTIPART + "/complete",
				(call) -> ScriptedDownstreams.json(HttpStatus.OK, "{\"bucket\":\"files\",\"key\":\"files/" + FILE
						+ "\",\"size\":900,\"sha256\":\"" + "a".repeat(64) + "\",\"etag\":\"\\\"e-2\\\"\"}"));
		this.services.answer(HttpMethod.POST, SESSION + "/complete", (call) -> ScriptedDownstreams.json(HttpStatus.OK,
				"{\"id\":\"" + FILE + "\",\"status\":\"AVAILABLE\"}"));

		complete().expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/files/" + FILE)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE");
		assertThat(this.services.calls(HttpMethod.POST, MULTIPART + "/complete").get(0).body())
			.isEqualTo("{\"size\":900,\"partSize\":500,\"partCount\":2,\"sha256\":null}");
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/complete").get(0).body())
			.contains("\"sha256\":\"" + "a".repeat(64) + "\"");
	}

	@Test
	void aDirectSessionWithoutAnnouncedChecksumLeavesTheChecksumForLater() {
		sessionIs("direct");
		this.services.answer(HttpMethod.POST, MULTIPART + "/complete", (call) -> ScriptedDownstreams.json(HttpStatus.OK,
				"{\"bucket\":\"files\",\"key\":\"files/" + FILE + "\",\"size\":900,\"sha256\":null,\"etag\":\"e\"}"));
		this.services.answer(HttpMethod.POST, SESSION + "/complete", (call) -> ScriptedDownstreams.json(HttpStatus.OK,
				"{\"id\":\"" + FILE + "\",\"status\":\"AVAILABLE\",\"sha256\":null}"));

		complete().expectStatus().isCreated().expectBody().jsonPath("$.status").isEqualTo("AVAILABLE");
		assertThat(this.services.calls(HttpMethod.POST, MULTIPART + "/complete").get(0).body())
			.isEqualTo("{\"size\":900,\"partSize\":500,\"partCount\":2,\"sha256\":null,\"checksumLater\":true}");
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/complete").get(0).body())
			.contains("\"sha256\":null");

		// An announced SHA-256 is checked at completion.
		this.services.reset();
		this.services.answer(HttpMethod.GET, SESSION, (call) -> ScriptedDownstreams.json(HttpStatus.OK,
				session("direct").replace("\"sha256\":null", "\"sha256\":\"" + "b".repeat(64) + "\"")));
		this.services.answer(HttpMethod.POST, MULTIPART + "/complete",
				(call) -> ScriptedDownstreams.problem(HttpStatus.SERVICE_UNAVAILABLE, "StorageUnavailable"));
		expectProblem(complete(), 503, "StorageUnavailable");
		assertThat(this.services.calls(HttpMethod.POST, MULTIPART + "/complete").get(0).body())
			.doesNotContain("checksumLater")
			.contains("\"sha256\":\"" + "b".repeat(64) + "\"");
	}

	@Test
	void aCompletionAskedAgainAfterTheSessionCompletedAnswersTheFileWithoutStorage() {
		// metadata-service committed the first completion; its answer was lost.
		this.services.answer(HttpMethod.GET, SESSION,
				(call) -> ScriptedDownstreams.json(HttpStatus.OK, session("direct").replace("OPEN", "COMPLETED")));
		this.services.answer(HttpMethod.POST, SESSION + "/complete", (call) -> ScriptedDownstreams.json(HttpStatus.OK,
				"{\"id\":\"" + FILE + "\",\"status\":\"AVAILABLE\"}"));

		complete().expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/files/" + FILE)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE");
		assertThat(this.services.calls(HttpMethod.GET, SESSION).get(0).query()).isEqualTo("completed=true");
		assertThat(this.services.calls()).as("storage-service is not asked again")
			.noneMatch((call) -> call.uri().getRawPath().startsWith(MULTIPART));
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/complete")).hasSize(1);
	}

	@Test
	void aCompletedSessionIsNotFoundForAnythingButItsCompletion() {
		// Without completed=true metadata-service answers 404 for it, as before.
		this.services.answer(HttpMethod.GET, SESSION,
				(call) -> "completed=true".equals(call.query())
						? ScriptedDownstreams.json(HttpStatus.OK, session("proxied").replace("OPEN", "COMPLETED"))
						: ScriptedDownstreams.problem(HttpStatus.NOT_FOUND, "NoSuchUploadSession"));

		expectProblem(
				this.client.get().uri("/api/v1/uploads/" + ID).header(HttpHeaders.AUTHORIZATION, WRITER).exchange(),
				404, "NoSuchUploadSession");
		expectProblem(putPart("1", 500), 404, "NoSuchUploadSession");
		assertThat(this.services.calls()).noneMatch((call) -> call.uri().getRawPath().startsWith(MULTIPART));
	}

	@Test
	void anOpenSessionWhosePartsWereJoinedListsEveryPartSoThatClientsCompleteAgain() {
		sessionIs("proxied");
		// storage-service has no multipart upload: an earlier completion joined the
		// parts.
		this.services.answer(HttpMethod.GET, MULTIPART + "/parts",
				(call) -> ScriptedDownstreams.problem(HttpStatus.NOT_FOUND, "NoSuchUploadSession"));

		this.client.get()
			.uri("/api/v1/uploads/" + ID)
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.parts.length()")
			.isEqualTo(2)
			.jsonPath("$.parts[0].size")
			.isEqualTo(500)
			.jsonPath("$.parts[1].size")
			.isEqualTo(400)
			.jsonPath("$.parts[1].partNumber")
			.isEqualTo(2);
	}

	@Test
	void aSessionIdThatIsNotAUuidOrAMissingScopeIsRefusedBeforeAnyCall() {
		expectProblem(this.client.get().uri("/api/v1/uploads/%09").header(HttpHeaders.AUTHORIZATION, WRITER).exchange(),
				400, "InvalidRequest");
		expectProblem(
				this.client.delete().uri("/api/v1/uploads/nope").header(HttpHeaders.AUTHORIZATION, WRITER).exchange(),
				400, "InvalidRequest");
		expectProblem(this.client.get()
			.uri("/api/v1/uploads/" + ID)
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("alice", "files:read"))
			.exchange(), 403, "Forbidden");
		assertThat(this.services.calls()).isEmpty();
	}

	private void sessionIs(String mode) {
		this.services.answer(HttpMethod.GET, SESSION, (call) -> ScriptedDownstreams.json(HttpStatus.OK, session(mode)));
	}

	private static String session(String mode) {
		return "{\"id\":\"" + ID + "\",\"fileId\":\"" + FILE + "\",\"provider\":\"local\",\"key\":\"files/" + FILE
				+ "\",\"mode\":\"" + mode + "\",\"size\":900,\"partSize\":500,\"partCount\":2,\"sha256\":null,"
				+ "\"state\":\"OPEN\",\"createdAt\":\"2026-11-30T07:00:00Z\",\"expiresAt\":\"2026-11-30T08:00:00Z\"}";
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec open(String json) {
		return this.client.post()
			.uri("/api/v1/uploads")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec putPart(String number, int bytes) {
		return this.client.put()
			.uri("/api/v1/uploads/" + ID + "/parts/" + number)
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[bytes])
			.exchange();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec complete() {
		return this.client.post()
			.uri("/api/v1/uploads/" + ID + "/complete")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.exchange();
	}

}
