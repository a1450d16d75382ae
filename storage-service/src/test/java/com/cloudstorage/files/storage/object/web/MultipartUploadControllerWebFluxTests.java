package com.cloudstorage.files.storage.object.web;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.storage.object.MultipartUploadException;
import com.cloudstorage.files.storage.object.MultipartUploadException.Kind;
import com.cloudstorage.files.storage.object.MultipartUploads;
import com.cloudstorage.files.storage.object.MultipartUploads.ExpectedObject;
import com.cloudstorage.files.storage.object.MultipartUploads.PartSlot;
import com.cloudstorage.files.storage.object.MultipartUploads.PresignedPart;
import com.cloudstorage.files.storage.object.MultipartUploads.UploadedPart;
import com.cloudstorage.files.storage.object.StorageUnavailableException;
import com.cloudstorage.files.storage.object.StoredObject;
import com.cloudstorage.files.storage.TestGrants;
import com.cloudstorage.files.storage.provider.StorageProperties;
import com.cloudstorage.files.storage.security.FinishedUploads;
import com.cloudstorage.files.storage.security.StorageGrantProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/**
 * The multipart-upload API's web layer alone: routing, the service identity, the checks
 * of part numbers, sizes and the completion's arithmetic, admission of a part into the
 * transfer budget, and the catalogue codes of the port's failures. The port is a mock;
 * {@link MultipartUploadIntegrationTests} runs it on S3Proxy.
 */
@WebFluxTest(controllers = MultipartUploadController.class, includeFilters = @ComponentScan.Filter(
		type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.storage\\.security\\.(SecurityConfiguration|StorageGrants|OverwriteGuard)"),
		properties = { "files.storage.multipart.max-part-urls=3", "files.storage.multipart.part-url-ttl=PT7M",
				"files.storage.grants.keys." + TestGrants.KEY_ID + "=" + TestGrants.KEY })
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
// The transfer admission filter is part of the web layer and reads the service's
// settings.
@EnableConfigurationProperties({ StorageProperties.class, MultipartProperties.class, StorageGrantProperties.class })
@Import({ ObjectProblems.class, MultipartProblems.class })
class MultipartUploadControllerWebFluxTests {

	private static final String UPLOADS = "/internal/v1/multipart-uploads/local";

	private static final String KEY = "files/6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final String SHA256 = "ab".repeat(32);

	@Autowired
	private WebTestClient client;

	/** Storage's catalogue view: no upload is over unless a test says so. */
	@MockitoBean
	private FinishedUploads finished;

	@BeforeEach
	void noUploadIsOver() {
		given(this.finished.isFinished(anyString(), anyString())).willReturn(Mono.just(false));
	}

	@MockitoBean
	private MultipartUploads uploads;

	@Test
	void noMultipartUploadStartsForAKeyWhoseUploadIsOver() {
		given(this.finished.isFinished("local", KEY)).willReturn(Mono.just(true));

		expectProblem(asGateway().post().uri(UPLOADS + "?key={key}", KEY).exchange(), 403, "Forbidden");
		verifyNoInteractions(this.uploads);
	}

	@Test
	void startIsCreated() {
		given(this.uploads.start("local", KEY)).willReturn(Mono.empty());

		asGateway().post().uri(UPLOADS + "?key={key}", KEY).exchange().expectStatus().isCreated();
		then(this.uploads).should().start("local", KEY);
	}

	@Test
	void aKeyWithADotDotSegmentIsInvalidRequestOnEveryRoute() {
		String key = "files/../other";
		expectProblem(asGateway().post().uri(UPLOADS + "?key={key}", key).exchange(), 400, "InvalidRequest");
		expectProblem(asGateway().put()
			.uri(UPLOADS + "/parts/1?key={key}&size=5", key)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes("hello"))
			.exchange(), 400, "InvalidRequest");
		expectProblem(asGateway().get().uri(UPLOADS + "/parts?key={key}", key).exchange(), 400, "InvalidRequest");
		expectProblem(asGateway().post()
			.uri(UPLOADS + "/part-urls?key={key}", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"parts\":[{\"partNumber\":1,\"size\":5}]}")
			.exchange(), 400, "InvalidRequest");
		expectProblem(asGateway().post()
			.uri(UPLOADS + "/complete?key={key}", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5,\"partSize\":5,\"partCount\":1}")
			.exchange(), 400, "InvalidRequest");
		expectProblem(asGateway().delete().uri(UPLOADS + "?key={key}", key).exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.uploads);
	}

	@Test
	void withoutKeyIsInvalidRequest() {
		expectProblem(asGateway().post().uri(UPLOADS).exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.uploads);
	}

	@Test
	void aPartGoesToThePortWithExactlyItsBytes() {
		given(this.uploads.uploadPart(eq("local"), eq(KEY), eq(2), any())).willAnswer((invocation) -> {
			ByteBuffer part = invocation.getArgument(3);
			assertThat(StandardCharsets.UTF_8.decode(part).toString()).isEqualTo("hello");
			return Mono.just(new UploadedPart(2, 5, "\"etag-2\""));
		});

		asGateway().put()
			.uri(UPLOADS + "/parts/2?key={key}&size=5", KEY)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes("hello"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.partNumber")
			.isEqualTo(2)
			.jsonPath("$.size")
			.isEqualTo(5)
			.jsonPath("$.etag")
			.isEqualTo("\"etag-2\"");
		then(this.uploads).should().uploadPart(eq("local"), eq(KEY), eq(2), any());
	}

	@Test
	void aPartNumberOutsideOneToTenThousandIsPartNumberOutOfRange() {
		for (int partNumber : new int[] { 0, 10_001 }) {
			expectProblem(asGateway().put()
				.uri(UPLOADS + "/parts/{n}?key={key}&size=5", partNumber, KEY)
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.bodyValue(bytes("hello"))
				.exchange(), 400, "PartNumberOutOfRange");
		}
		verifyNoInteractions(this.uploads);
	}

	@Test
	void aPartLongerThanItsSizeIsPartTooLarge() {
		expectProblem(asGateway().put()
			.uri(UPLOADS + "/parts/1?key={key}&size=3", KEY)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes("hello"))
			.exchange(), 413, "PartTooLarge");
		verifyNoInteractions(this.uploads);
	}

	@Test
	void aPartDeclaredShorterThanItsSizeIsInvalidRequest() {
		expectProblem(asGateway().put()
			.uri(UPLOADS + "/parts/1?key={key}&size=8", KEY)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes("hello"))
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.uploads);
	}

	@Test
	void aPartWhoseBodyEndsBeforeItsContentLengthIsIncompleteBody() {
		expectProblem(asGateway().put()
			.uri(UPLOADS + "/parts/1?key={key}&size=10", KEY)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.header(HttpHeaders.CONTENT_LENGTH, "10")
			// A Flux body keeps the declared length: the encoder only sets it for a Mono.
			.body(Flux.just(bytes("hello")), byte[].class)
			.exchange(), 400, "IncompleteBody");
		verifyNoInteractions(this.uploads);
	}

	@Test
	void aPartSizeOfZeroOrAboveTwoGibibytesIsInvalidRequest() {
		for (long size : new long[] { 0, 3L * 1024 * 1024 * 1024 }) {
			expectProblem(asGateway().put()
				.uri(UPLOADS + "/parts/1?key={key}&size={size}", KEY, size)
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.bodyValue(bytes("hello"))
				.exchange(), 400, "InvalidRequest");
		}
		verifyNoInteractions(this.uploads);
	}

	@Test
	void aPartLargerThanTheTransferBudgetIsRefusedBeforeItsBodyIsRead() {
		// The default budget is 64 MB and a part is held whole: 100 MB never fits.
		expectProblem(asGateway().put()
			.uri(UPLOADS + "/parts/1?key={key}&size=100000000", KEY)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.header(HttpHeaders.CONTENT_LENGTH, "100000000")
			.body(Flux.just(bytes("h")), byte[].class)
			.exchange(), 503, "ServiceUnavailable");
		verifyNoInteractions(this.uploads);
	}

	@Test
	void partsListsWhatTheProviderHas() {
		given(this.uploads.listParts("local", KEY))
			.willReturn(Flux.just(new UploadedPart(1, 8, "\"e1\""), new UploadedPart(3, 2, "\"e3\"")));

		asGateway().get()
			.uri(UPLOADS + "/parts?key={key}", KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2)
			.jsonPath("$[0].partNumber")
			.isEqualTo(1)
			.jsonPath("$[1].partNumber")
			.isEqualTo(3)
			.jsonPath("$[1].size")
			.isEqualTo(2);
	}

	@Test
	void partsOfAnUploadThatIsNotOpenIsNoSuchUploadSession() {
		given(this.uploads.listParts("local", KEY))
			.willReturn(Flux.error(new MultipartUploadException(Kind.NO_SUCH_UPLOAD, "No upload is open.")));

		expectProblem(asGateway().get().uri(UPLOADS + "/parts?key={key}", KEY).exchange(), 404, "NoSuchUploadSession");
	}

	@Test
	void partUrlsArePresignedForTheConfiguredLifetime() {
		List<PartSlot> slots = List.of(new PartSlot(1, 8), new PartSlot(2, 3));
		Instant expires = Instant.parse("2026-11-30T11:07:00Z");
		given(this.uploads.presignParts("local", KEY, slots, Duration.ofMinutes(7)))
			.willReturn(Mono.just(List.of(new PresignedPart(1, URI.create("https://s3.test/b/k?partNumber=1"), expires),
					new PresignedPart(2, URI.create("https://s3.test/b/k?partNumber=2"), expires))));

		asGateway().post()
			.uri(UPLOADS + "/part-urls?key={key}", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"parts\":[{\"partNumber\":1,\"size\":8},{\"partNumber\":2,\"size\":3}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.urls.length()")
			.isEqualTo(2)
			.jsonPath("$.urls[1].partNumber")
			.isEqualTo(2)
			.jsonPath("$.urls[1].url")
			.isEqualTo("https://s3.test/b/k?partNumber=2")
			.jsonPath("$.urls[1].expiresAt")
			.isEqualTo("2026-11-30T11:07:00Z");
	}

	@Test
	void partUrlsForNoPartsOrMoreThanTheLimitAreInvalidRequest() {
		for (String body : new String[] { "{}", "{\"parts\":[]}",
				"{\"parts\":[{\"partNumber\":1,\"size\":1},{\"partNumber\":2,\"size\":1},"
						+ "{\"partNumber\":3,\"size\":1},{\"partNumber\":4,\"size\":1}]}",
				"{\"parts\":[{\"partNumber\":1,\"size\":0}]}" }) {
			expectProblem(asGateway().post()
				.uri(UPLOADS + "/part-urls?key={key}", KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange(), 400, "InvalidRequest");
		}
		expectProblem(asGateway().post()
			.uri(UPLOADS + "/part-urls?key={key}", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"parts\":[{\"partNumber\":10001,\"size\":1}]}")
			.exchange(), 400, "PartNumberOutOfRange");
		verifyNoInteractions(this.uploads);
	}

	@Test
	void completeAnswersTheVerifiedObject() {
		given(this.uploads.complete("local", KEY, new ExpectedObject(11, 8, 2, SHA256)))
			.willReturn(Mono.just(new StoredObject("bucket", KEY, 11, SHA256, "\"etag-2\"")));

		asGateway().post()
			.uri(UPLOADS + "/complete?key={key}", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":11,\"partSize\":8,\"partCount\":2,\"sha256\":\"" + SHA256 + "\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.bucket")
			.isEqualTo("bucket")
			.jsonPath("$.size")
			.isEqualTo(11)
			.jsonPath("$.sha256")
			.isEqualTo(SHA256);
	}

	@Test
	void completeWhoseSizesDoNotAddUpIsInvalidRequest() {
		for (String body : new String[] { "{\"size\":11,\"partSize\":8,\"partCount\":3}",
				"{\"size\":17,\"partSize\":8,\"partCount\":2}", "{\"size\":0,\"partSize\":8,\"partCount\":1}",
				"{\"size\":5,\"partSize\":5,\"partCount\":1,\"sha256\":\"" + SHA256.toUpperCase() + "\"}" }) {
			expectProblem(asGateway().post()
				.uri(UPLOADS + "/complete?key={key}", KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange(), 400, "InvalidRequest");
		}
		verifyNoInteractions(this.uploads);
	}

	@Test
	void completeWithMissingPartsIsUploadIncompleteNamingThem() {
		given(this.uploads.complete(anyString(), anyString(), any()))
			.willReturn(Mono.error(new MultipartUploadException(Kind.MISSING_PARTS, "Parts are missing.", List.of(2))));

		expectProblem(asGateway().post()
			.uri(UPLOADS + "/complete?key={key}", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":11,\"partSize\":8,\"partCount\":2}")
			.exchange(), 409, "UploadIncomplete").jsonPath("$.missingParts[0]").isEqualTo(2);
	}

	@Test
	void completeOfAnObjectWithAnotherChecksumIsChecksumMismatch() {
		given(this.uploads.complete(anyString(), anyString(), any()))
			.willReturn(Mono.error(new MultipartUploadException(Kind.CHECKSUM_MISMATCH, "Another SHA-256.")));

		expectProblem(asGateway().post()
			.uri(UPLOADS + "/complete?key={key}", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":11,\"partSize\":8,\"partCount\":2,\"sha256\":\"" + SHA256 + "\"}")
			.exchange(), 422, "ChecksumMismatch");
	}

	@Test
	void completeWhileTheProviderIsDownIsStorageUnavailable() {
		given(this.uploads.complete(anyString(), anyString(), any()))
			.willReturn(Mono.error(new StorageUnavailableException("connection refused")));

		expectProblem(asGateway().post()
			.uri(UPLOADS + "/complete?key={key}", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":11,\"partSize\":8,\"partCount\":2}")
			.exchange(), 503, "StorageUnavailable");
	}

	@Test
	void abortAnswersNoContent() {
		given(this.uploads.abort("local", KEY)).willReturn(Mono.empty());

		asGateway().delete().uri(UPLOADS + "?key={key}", KEY).exchange().expectStatus().isNoContent();
		then(this.uploads).should().abort("local", KEY);
	}

	@Test
	void withoutTokenIsUnauthorized() {
		expectProblem(this.client.post().uri(UPLOADS + "?key={key}", KEY).exchange(), 401, "Unauthorized");
		expectProblem(this.client.delete().uri(UPLOADS + "?key={key}", KEY).exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.uploads);
	}

	@Test
	void aUsersTokenIsForbiddenWhateverItsScopes() {
		WebTestClient user = this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("alice"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(Scopes.FILES_READ, Scopes.FILES_WRITE,
					Scopes.FILES_DELETE, Scopes.FILES_SHARE, Scopes.FILES_ADMIN))));
		expectProblem(user.post().uri(UPLOADS + "?key={key}", KEY).exchange(), 403, "Forbidden");
		expectProblem(user.put()
			.uri(UPLOADS + "/parts/1?key={key}&size=5", KEY)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes("hello"))
			.exchange(), 403, "Forbidden");
		expectProblem(user.get().uri(UPLOADS + "/parts?key={key}", KEY).exchange(), 403, "Forbidden");
		expectProblem(user.delete().uri(UPLOADS + "?key={key}", KEY).exchange(), 403, "Forbidden");
		verifyNoInteractions(this.uploads);
	}

	@Test
	void theServiceIdentityWithoutAGrantForTheKeyIsForbidden() {
		WebTestClient gateway = this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("gateway-service"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(Scopes.FILES_INTERNAL))));
		String otherKeysGrant = TestGrants.grant("local", KEY + "-other", Long.MAX_VALUE);
		expectProblem(gateway.post().uri(UPLOADS + "?key={key}", KEY).exchange(), 403, "Forbidden");
		expectProblem(
				gateway.post().uri(UPLOADS + "?key={key}", KEY).header(TestGrants.HEADER, otherKeysGrant).exchange(),
				403, "Forbidden");
		expectProblem(gateway.put()
			.uri(UPLOADS + "/parts/1?key={key}&size=5", KEY)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes("hello"))
			.exchange(), 403, "Forbidden");
		expectProblem(gateway.post()
			.uri(UPLOADS + "/part-urls?key={key}", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"parts\":[{\"partNumber\":1,\"size\":5}]}")
			.exchange(), 403, "Forbidden");
		expectProblem(gateway.post()
			.uri(UPLOADS + "/complete?key={key}", KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"size\":5,\"partSize\":5,\"partCount\":1}")
			.exchange(), 403, "Forbidden");
		expectProblem(gateway.delete().uri(UPLOADS + "?key={key}", KEY).exchange(), 403, "Forbidden");
		verifyNoInteractions(this.uploads);
	}

	/** The gateway's identity; every write carries a grant for its key. */
	private WebTestClient asGateway() {
		return this.client.mutate()
			.filter(TestGrants.reservingEveryKey())
			.build()
			.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("gateway-service"))
				.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(Scopes.FILES_INTERNAL))));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
