package com.cloudstorage.files.gateway.tus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import com.cloudstorage.files.gateway.route.GatewaySliceSupport;
import com.cloudstorage.files.gateway.route.ScriptedDownstreams;
import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientResponse;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/tus/} alone, the services behind a script: the TUS headers, and how
 * {@code PATCH} bodies of any length become the session's parts (whole parts to
 * storage-service, the rest staged under the key and read back by the next
 * {@code PATCH}). The real flow runs in deploy/local-stack's
 * {@code TusEndToEndIntegrationTests}.
 */
@WebFluxTest(controllers = TusController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.gateway\\.(security\\.SecurityConfiguration|error\\.GatewayProblems|route\\.UploadSessionCalls|tus\\.SpoolBudget)"),
		properties = "files.gateway.max-upload-bytes=100000")
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@Import(ScriptedDownstreams.class)
class TusControllerWebFluxTests extends GatewaySliceSupport {

	private static final String ID = "0b6f0a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final String FILE = "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final String WRITER = TestTokens.bearer("alice", "files:write");

	private static final String SESSION = "/internal/v1/upload-sessions/" + ID;

	private static final String MULTIPART = "/internal/v1/multipart-uploads/local";

	private static final String OBJECTS = "/internal/v1/objects/local";

	/** 2,500 bytes in parts of 1,000, 1,000 and 500. */
	private static final String SESSION_JSON = "{\"id\":\"" + ID + "\",\"fileId\":\"" + FILE
			+ "\",\"provider\":\"local\",\"key\":\"files/" + FILE + "\",\"mode\":\"proxied\",\"size\":2500,"
			+ "\"partSize\":1000,\"partCount\":3,\"sha256\":null,\"state\":\"OPEN\","
			+ "\"createdAt\":\"2026-11-30T07:00:00Z\",\"expiresAt\":\"2026-11-30T08:00:00Z\"}";

	private static final byte[] BYTES = new byte[2500];

	static {
		new Random(7).nextBytes(BYTES);
	}

	/** What the provider holds: the parts' JSON, and the object under the key. */
	final List<String> parts = new CopyOnWriteArrayList<>();

	volatile byte[] underKey;

	@Autowired
	SpoolBudget spool;

	/** Whether another request holds the session's writer. */
	volatile boolean writerHeld;

	/**
	 * Whether a completion joined the parts: storage-service then has no multipart upload
	 * any more.
	 */
	volatile boolean joined;

	@BeforeEach
	void provider() {
		this.writerHeld = false;
		this.joined = false;
		this.services.answerUnder(HttpMethod.PUT, SESSION + "/writers/",
				(call) -> this.writerHeld ? ScriptedDownstreams.problem(HttpStatus.CONFLICT, "UploadOffsetMismatch")
						: ClientResponse.create(HttpStatus.NO_CONTENT).build());
		this.services.answerUnder(HttpMethod.DELETE, SESSION + "/writers/",
				(call) -> ClientResponse.create(HttpStatus.NO_CONTENT).build());
		this.services.answer(HttpMethod.GET, SESSION, (call) -> ScriptedDownstreams.json(HttpStatus.OK, SESSION_JSON));
		this.services.answer(HttpMethod.GET, MULTIPART + "/parts",
				(call) -> this.joined ? ScriptedDownstreams.problem(HttpStatus.NOT_FOUND, "NoSuchUploadSession")
						: ScriptedDownstreams.json(HttpStatus.OK, "[" + String.join(",", this.parts) + "]"));
		for (int number = 1; number <= 3; number++) {
			int part = number;
			this.services.answer(HttpMethod.PUT, MULTIPART + "/parts/" + part, (call) -> {
				String json = "{\"partNumber\":" + part + ",\"size\":" + call.bytes().length + ",\"etag\":\"e\"}";
				this.parts.add(json);
				return ScriptedDownstreams.json(HttpStatus.OK, json);
			});
		}
		this.services.answer(HttpMethod.PUT, OBJECTS, (call) -> {
			this.underKey = call.bytes();
			return ScriptedDownstreams.json(HttpStatus.OK, "{}");
		});
		this.services.answer(HttpMethod.GET, OBJECTS, (call) -> {
			byte[] held = this.underKey;
			if (held == null) {
				return ScriptedDownstreams.problem(HttpStatus.NOT_FOUND, "NoSuchFile");
			}
			String range = call.headers().getFirst(HttpHeaders.RANGE);
			byte[] body = (range != null) ? Arrays.copyOf(held, Math.min(held.length, Progress.HEADER_BYTES)) : held;
			ClientResponse.Builder answer = ClientResponse
				.create((range != null) ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK);
			if (range != null) {
				answer.header(HttpHeaders.CONTENT_RANGE, "bytes 0-" + (body.length - 1) + "/" + held.length);
			}
			return answer.header(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
				.body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)))
				.build();
		});
	}

	@Test
	void optionsNamesVersionExtensionsAndLimit() {
		this.client.options()
			.uri("/api/v1/tus/")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals("Tus-Version", "1.0.0")
			.expectHeader()
			.valueEquals("Tus-Extension", "creation,creation-with-upload,termination,expiration")
			.expectHeader()
			.valueEquals("Tus-Max-Size", "100000");
	}

	@Test
	void creationOpensAProxiedSessionWithTheMetadataAsItsFields() {
		this.services.answer(HttpMethod.POST, "/internal/v1/upload-sessions",
				(call) -> ScriptedDownstreams.json(HttpStatus.CREATED, SESSION_JSON));
		this.services.answer(HttpMethod.POST, MULTIPART, (call) -> ClientResponse.create(HttpStatus.CREATED).build());

		this.client.post()
			.uri("/api/v1/tus/")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Length", "2500")
			.header("Upload-Metadata",
					"filename " + b64("a b.pdf") + ",filetype " + b64("application/pdf") + ",private " + b64("false")
							+ ",folder " + b64("f") + ",attachment " + b64("Sales Invoice/INV-1"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.location("/api/v1/tus/" + ID)
			.expectHeader()
			.valueEquals("Upload-Expires", "Mon, 30 Nov 2026 08:00:00 GMT")
			.expectHeader()
			.valueEquals("File-Location", "/api/v1/files/" + FILE)
			.expectHeader()
			.doesNotExist("Upload-Offset");

		String opened = this.services.calls(HttpMethod.POST, "/internal/v1/upload-sessions").get(0).body();
		assertThat(opened).contains("\"name\":\"a b.pdf\"")
			.contains("\"contentType\":\"application/pdf\"")
			.contains("\"size\":2500")
			.contains("\"private\":false")
			.contains("\"folder\":\"f\"")
			.contains("{\"type\":\"Sales Invoice\",\"name\":\"INV-1\"}")
			.contains("\"mode\":\"proxied\"");
	}

	@Test
	void aPatchStoresTheWholePartsItCoversAndStagesTheRest() {
		patch(0, 0, 1200).expectStatus().isNoContent().expectHeader().valueEquals("Upload-Offset", "1200");

		assertThat(this.services.calls(HttpMethod.PUT, MULTIPART + "/parts/1").get(0).bytes())
			.isEqualTo(Arrays.copyOfRange(BYTES, 0, 1000));
		assertThat(this.services.calls(HttpMethod.PUT, MULTIPART + "/parts/1").get(0).query()).contains("size=1000");
		assertThat(this.services.calls(HttpMethod.PUT, MULTIPART + "/parts/2")).isEmpty();
		assertThat(Progress.partOf(this.underKey)).as("the tail belongs to part 2").isEqualTo(2);
		assertThat(Arrays.copyOfRange(this.underKey, Progress.HEADER_BYTES, this.underKey.length))
			.isEqualTo(Arrays.copyOfRange(BYTES, 1000, 1200));
		head().expectHeader().valueEquals("Upload-Offset", "1200").expectHeader().valueEquals("Upload-Length", "2500");
	}

	@Test
	void theNextPatchPrependsTheStagedTailAndTheLastByteCompletesTheSession() {
		this.services.answer(HttpMethod.POST, MULTIPART + "/complete",
				(call) -> ScriptedDownstreams.json(HttpStatus.OK, "{\"bucket\":\"files\",\"key\":\"files/" + FILE
						+ "\",\"size\":2500,\"sha256\":\"" + "a".repeat(64) + "\",\"etag\":\"e\"}"));
		this.services.answer(HttpMethod.POST, SESSION + "/complete",
				(call) -> ScriptedDownstreams.json(HttpStatus.OK, "{\"id\":\"" + FILE + "\"}"));
		patch(0, 0, 1200).expectStatus().isNoContent();
		patch(1200, 1200, 1250).expectStatus().isNoContent().expectHeader().valueEquals("Upload-Offset", "1250");
		assertThat(this.services.calls(HttpMethod.PUT, MULTIPART + "/parts/2")).isEmpty();

		patch(1250, 1250, 2500).expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals("Upload-Offset", "2500")
			.expectHeader()
			.valueEquals("Tus-Resumable", "1.0.0");

		assertThat(this.services.calls(HttpMethod.PUT, MULTIPART + "/parts/2").get(0).bytes())
			.isEqualTo(Arrays.copyOfRange(BYTES, 1000, 2000));
		assertThat(this.services.calls(HttpMethod.PUT, MULTIPART + "/parts/3").get(0).bytes())
			.isEqualTo(Arrays.copyOfRange(BYTES, 2000, 2500));
		assertThat(this.services.calls(HttpMethod.POST, MULTIPART + "/complete").get(0).body())
			.contains("\"size\":2500")
			.contains("\"partCount\":3");
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/complete")).hasSize(1);
	}

	@Test
	void aHeadFinishesAnUploadWhoseCompletionFailedAfterThePartsWereJoined() {
		AtomicInteger completions = new AtomicInteger();
		this.services.answer(HttpMethod.POST, MULTIPART + "/complete", (call) -> {
			this.joined = true;
			// The first: joined, then the read-back ran out of time.
			return (completions.incrementAndGet() == 1)
					? ScriptedDownstreams.problem(HttpStatus.SERVICE_UNAVAILABLE, "StorageUnavailable")
					: ScriptedDownstreams.json(HttpStatus.OK, "{\"bucket\":\"files\",\"key\":\"files/" + FILE
							+ "\",\"size\":2500,\"sha256\":\"" + "a".repeat(64) + "\",\"etag\":\"e\"}");
		});
		this.services.answer(HttpMethod.POST, SESSION + "/complete",
				(call) -> ScriptedDownstreams.json(HttpStatus.OK, "{\"id\":\"" + FILE + "\"}"));

		expectProblem(patch(0, 0, 2500), 503, "StorageUnavailable");
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/complete")).isEmpty();

		// Every byte is stored (joined): HEAD says so, and finishes the upload, as TUS
		// clients send no PATCH once the offset is the length. Not while another request
		// is the writer: that one is finishing it.
		this.writerHeld = true;
		head().expectHeader().valueEquals("Upload-Offset", "2500").expectHeader().valueEquals("Upload-Length", "2500");
		assertThat(completions).hasValue(1);
		this.writerHeld = false;
		head().expectHeader().valueEquals("Upload-Offset", "2500");
		assertThat(completions).hasValue(2);
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/complete")).hasSize(1);
	}

	@Test
	void aHeadOnAnUploadCompletedAlreadyAnswersItWhole() {
		// The PATCH that completed it lost its answer; the client asks HEAD.
		this.services.reset();
		this.services.answer(HttpMethod.GET, SESSION,
				(call) -> ScriptedDownstreams.json(HttpStatus.OK, SESSION_JSON.replace("\"OPEN\"", "\"COMPLETED\"")));

		head().expectHeader()
			.valueEquals("Upload-Offset", "2500")
			.expectHeader()
			.valueEquals("Upload-Length", "2500")
			.expectHeader()
			.valueEquals("File-Location", "/api/v1/files/" + FILE);
		assertThat(this.services.calls(HttpMethod.GET, SESSION).get(0).query()).isEqualTo("completed=true");
		assertThat(this.services.calls()).as("nothing but the session is asked").hasSize(1);
	}

	@Test
	void aPatchWhileTheSpoolDiskIsTakenIsRefusedBeforeItsBodyIsRead() {
		// Other requests hold all but a little less than one part (1,000 bytes + header).
		SpoolBudget.Lease others = this.spool.reserve(1024L * 1024 * 1024 - 1000).block();
		try {
			expectProblem(patch(0, 0, 1200), 503, "ServiceUnavailable");
			assertThat(this.services.calls()).noneMatch(TusControllerWebFluxTests::storesBytes);
		}
		finally {
			others.release();
		}
		assertThat(this.spool.reserved()).as("the refused request holds nothing").isZero();
		patch(0, 0, 1200).expectStatus().isNoContent();
		assertThat(this.spool.reserved()).as("released when the request ends").isZero();
	}

	@Test
	void aWrongOffsetIsAConflictAndStoresNothing() {
		patch(0, 0, 1200).expectStatus().isNoContent();
		int calls = this.services.calls().size();

		expectProblem(patch(1000, 1000, 1100), 409, "UploadOffsetMismatch");

		assertThat(this.services.calls().subList(calls, this.services.calls().size()))
			.noneMatch(TusControllerWebFluxTests::storesBytes);
	}

	@Test
	void aPatchIsTheOnlyWriterFromReadingTheOffsetToItsAnswer() {
		patch(0, 0, 1200).expectStatus().isNoContent();

		List<ScriptedDownstreams.Call> calls = this.services.calls();
		List<String> paths = calls.stream().map((call) -> call.method() + " " + call.uri().getRawPath()).toList();
		int claimed = indexOf(paths, "PUT " + SESSION + "/writers/");
		int freed = indexOf(paths, "DELETE " + SESSION + "/writers/");
		assertThat(claimed).as(paths.toString()).isGreaterThanOrEqualTo(0);
		assertThat(claimed).isLessThan(paths.indexOf("GET " + MULTIPART + "/parts"));
		assertThat(freed).isGreaterThan(paths.lastIndexOf("PUT " + OBJECTS));
		assertThat(calls.get(freed).uri().getRawPath()).isEqualTo(calls.get(claimed).uri().getRawPath());
	}

	@Test
	void aPatchWhileAnotherRequestWritesIsAConflictAndStoresNothing() {
		this.writerHeld = true;

		expectProblem(patch(0, 0, 1200), 409, "UploadOffsetMismatch");

		assertThat(this.services.calls()).noneMatch(TusControllerWebFluxTests::storesBytes);
		assertThat(this.services.calls(HttpMethod.GET, MULTIPART + "/parts")).as("the offset is not even read")
			.isEmpty();
	}

	@Test
	void anEmptyUploadIsCompleteWhenCreated() {
		String empty = SESSION_JSON.replace("\"size\":2500", "\"size\":0")
			.replace("\"partCount\":3", "\"partCount\":0");
		this.services.answer(HttpMethod.POST, "/internal/v1/upload-sessions",
				(call) -> ScriptedDownstreams.json(HttpStatus.CREATED, empty));
		this.services.answer(HttpMethod.POST, MULTIPART, (call) -> ClientResponse.create(HttpStatus.CREATED).build());
		this.services.answer(HttpMethod.POST, MULTIPART + "/complete",
				(call) -> ScriptedDownstreams.json(HttpStatus.OK, "{\"bucket\":\"files\",\"key\":\"files/" + FILE
						+ "\",\"size\":0,\"sha256\":\"" + "e".repeat(64) + "\",\"etag\":\"e\"}"));
		this.services.answer(HttpMethod.POST, SESSION + "/complete",
				(call) -> ScriptedDownstreams.json(HttpStatus.OK, "{\"id\":\"" + FILE + "\"}"));

		this.client.post()
			.uri("/api/v1/tus/")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Length", "0")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Upload-Offset", "0")
			.expectHeader()
			.valueEquals("File-Location", "/api/v1/files/" + FILE);

		assertThat(this.services.calls(HttpMethod.POST, MULTIPART + "/complete").get(0).body()).contains("\"size\":0")
			.contains("\"partCount\":0");
		assertThat(this.services.calls(HttpMethod.POST, SESSION + "/complete")).hasSize(1);
	}

	@Test
	void deferringTheLengthIsRefusedAndNotOffered() {
		expectProblem(this.client.post()
			.uri("/api/v1/tus/")
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Defer-Length", "1")
			.exchange(), 400, "InvalidRequest");
		assertThat(this.services.calls()).isEmpty();
	}

	private static boolean storesBytes(ScriptedDownstreams.Call call) {
		return call.method().equals(HttpMethod.PUT) && !call.uri().getRawPath().contains("/writers/");
	}

	private static int indexOf(List<String> paths, String prefix) {
		for (int i = 0; i < paths.size(); i++) {
			if (paths.get(i).startsWith(prefix)) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void aBodyLongerThanTheUploadIsRefusedBeforeItIsRead() {
		expectProblem(this.client.patch()
			.uri("/api/v1/tus/" + ID)
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Offset", "0")
			.header(HttpHeaders.CONTENT_TYPE, "application/offset+octet-stream")
			.bodyValue(new byte[2501])
			.exchange(), 413, "EntityTooLarge");
		assertThat(this.services.calls()).noneMatch(TusControllerWebFluxTests::storesBytes);
	}

	@Test
	void withoutTusResumableOrWithAnotherBodyTypeNothingIsAsked() {
		expectProblem(this.client.patch()
			.uri("/api/v1/tus/" + ID)
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.header("Upload-Offset", "0")
			.header(HttpHeaders.CONTENT_TYPE, "application/offset+octet-stream")
			.bodyValue(new byte[10])
			.exchange()
			.expectHeader()
			.valueEquals("Tus-Version", "1.0.0"), 412, "UnsupportedTusVersion");
		expectProblem(this.client.patch()
			.uri("/api/v1/tus/" + ID)
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Offset", "0")
			.header(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
			.bodyValue(new byte[10])
			.exchange(), 415, "UnsupportedMediaType");
		expectProblem(this.client.patch()
			.uri("/api/v1/tus/" + ID)
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Offset", "0")
			.header("Upload-Checksum", "sha1 " + b64("x"))
			.header(HttpHeaders.CONTENT_TYPE, "application/offset+octet-stream")
			.bodyValue(new byte[10])
			.exchange(), 400, "InvalidRequest");
		assertThat(this.services.calls()).isEmpty();
	}

	@Test
	void theMethodOverrideIsAPatch() {
		this.client.post()
			.uri("/api/v1/tus/" + ID)
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.header("Tus-Resumable", "1.0.0")
			.header("X-HTTP-Method-Override", "PATCH")
			.header("Upload-Offset", "0")
			.header(HttpHeaders.CONTENT_TYPE, "application/offset+octet-stream")
			.bodyValue(Arrays.copyOf(BYTES, 10))
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals("Upload-Offset", "10");
	}

	@Test
	void aTokenWithoutTheUploadScopeIsForbidden() {
		expectProblem(this.client.patch()
			.uri("/api/v1/tus/" + ID)
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("bob", "files:read"))
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Offset", "0")
			.header(HttpHeaders.CONTENT_TYPE, "application/offset+octet-stream")
			.bodyValue(new byte[10])
			.exchange(), 403, "Forbidden");
		assertThat(this.services.calls()).isEmpty();
	}

	private WebTestClient.ResponseSpec patch(long offset, int from, int to) {
		return this.client.patch()
			.uri("/api/v1/tus/" + ID)
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.header("Tus-Resumable", "1.0.0")
			.header("Upload-Offset", Long.toString(offset))
			.header(HttpHeaders.CONTENT_TYPE, "application/offset+octet-stream")
			.bodyValue(Arrays.copyOfRange(BYTES, from, to))
			.exchange();
	}

	private WebTestClient.ResponseSpec head() {
		return this.client.head()
			.uri("/api/v1/tus/" + ID)
			.header(HttpHeaders.AUTHORIZATION, WRITER)
			.header("Tus-Resumable", "1.0.0")
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static String b64(String value) {
		return java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
