package com.cloudstorage.files.storage.object.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.storage.TestGrants;
import com.cloudstorage.files.storage.provider.StorageProperties;
import com.cloudstorage.files.storage.security.FinishedUploads;
import com.cloudstorage.files.storage.security.StorageGrantProperties;
import com.cloudstorage.files.storage.object.ByteRange;
import com.cloudstorage.files.storage.object.NoSuchObjectException;
import com.cloudstorage.files.storage.object.ObjectContent;
import com.cloudstorage.files.storage.object.ObjectStore;
import com.cloudstorage.files.storage.object.RangeNotSatisfiableException;
import com.cloudstorage.files.storage.object.StorageUnavailableException;
import com.cloudstorage.files.storage.object.StoredObject;
import com.cloudstorage.files.storage.object.UnknownProviderException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
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
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/**
 * The byte API's web layer alone: routing, scopes, parameter checks and the catalogue
 * codes of the store's failures. The store is a mock; S3 is covered by
 * {@link ObjectApiIntegrationTests}.
 */
@WebFluxTest(controllers = ObjectController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.storage\\.security\\.(SecurityConfiguration|StorageGrants|OverwriteGuard)"),
		properties = "files.storage.grants.keys." + TestGrants.KEY_ID + "=" + TestGrants.KEY)
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
// The transfer admission filter is part of the web layer and reads the service's
// settings.
@EnableConfigurationProperties({ StorageProperties.class, StorageGrantProperties.class })
// Transfer meters go to a plain registry here; MetricsIntegrationTests reads them from
// the scrape.
@Import({ ObjectProblems.class, TransferMetrics.class, SimpleMeterRegistry.class })
class ObjectControllerWebFluxTests {

	private static final String OBJECTS = "/internal/v1/objects/local?key={key}";

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
	private ObjectStore store;

	@Test
	void uploadStreamsTheBodyToTheStoreAndAnswersWithTheStoredObject() {
		given(this.store.put(eq("local"), eq("docs/a.txt"), any(), eq(5L), eq(100L))).willAnswer((invocation) -> {
			Flux<ByteBuffer> body = invocation.getArgument(2);
			return body.map(ByteBuffer::remaining)
				.reduce(0, Integer::sum)
				.map((size) -> new StoredObject("bucket", "docs/a.txt", size, "c0ffee", "\"etag\""));
		});

		as(Scopes.FILES_INTERNAL).put()
			.uri(OBJECTS + "&maxBytes=100", "docs/a.txt")
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue("hello".getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.bucket")
			.isEqualTo("bucket")
			.jsonPath("$.key")
			.isEqualTo("docs/a.txt")
			.jsonPath("$.size")
			.isEqualTo(5)
			.jsonPath("$.sha256")
			.isEqualTo("c0ffee")
			.jsonPath("$.etag")
			.isEqualTo("\"etag\"");
	}

	@Test
	void uploadWhoseContentLengthExceedsMaxBytesIsEntityTooLargeBeforeTheStoreIsCalled() {
		expectProblem(as(Scopes.FILES_INTERNAL).put()
			.uri(OBJECTS + "&maxBytes=3", "a.txt")
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue("hello".getBytes(StandardCharsets.UTF_8))
			.exchange(), 413, "EntityTooLarge");
		verifyNoInteractions(this.store);
	}

	@Test
	void uploadBodyShorterThanItsContentLengthIsIncompleteBody() {
		given(this.store.put(anyString(), anyString(), any(), anyLong(), anyLong())).willAnswer((invocation) -> {
			Flux<ByteBuffer> body = invocation.getArgument(2);
			return body.then(Mono.just(new StoredObject("bucket", "a.txt", 5, "c0ffee", "\"etag\"")));
		});

		expectProblem(as(Scopes.FILES_INTERNAL).put()
			.uri(OBJECTS + "&maxBytes=100", "a.txt")
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.header(HttpHeaders.CONTENT_LENGTH, "10")
			// A Flux body keeps the declared length: the encoder only sets it for a Mono.
			.body(Flux.just("hello".getBytes(StandardCharsets.UTF_8)), byte[].class)
			.exchange(), 400, "IncompleteBody");
	}

	@Test
	void uploadWithoutKeyIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_INTERNAL).put()
			.uri("/internal/v1/objects/local?maxBytes=100")
			.bodyValue("hello".getBytes(StandardCharsets.UTF_8))
			.exchange(), 400, "InvalidRequest");
	}

	@Test
	void uploadWithNonNumericMaxBytesIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_INTERNAL).put()
			.uri(OBJECTS + "&maxBytes=lots", "a.txt")
			.bodyValue("hello".getBytes(StandardCharsets.UTF_8))
			.exchange(), 400, "InvalidRequest");
	}

	@Test
	void uploadWithNegativeMaxBytesIsInvalidRequest() {
		expectProblem(as(Scopes.FILES_INTERNAL).put()
			.uri(OBJECTS + "&maxBytes=-1", "a.txt")
			.bodyValue("hello".getBytes(StandardCharsets.UTF_8))
			.exchange(), 400, "InvalidRequest");
	}

	@Test
	void uploadToAKeyWithADotDotSegmentIsInvalidRequestAndNeverReachesTheStore() {
		expectProblem(as(Scopes.FILES_INTERNAL).put()
			.uri(OBJECTS + "&maxBytes=100", "docs/../secret")
			.bodyValue("hello".getBytes(StandardCharsets.UTF_8))
			.exchange(), 400, "InvalidRequest");
		verifyNoInteractions(this.store);
	}

	@Test
	void uploadToAnUnknownProviderIsInvalidRequest() {
		given(this.store.put(eq("local"), anyString(), any(), anyLong(), anyLong()))
			.willReturn(Mono.error(new UnknownProviderException("no profile local")));

		expectProblem(as(Scopes.FILES_INTERNAL).put()
			.uri(OBJECTS + "&maxBytes=100", "a.txt")
			.bodyValue("hello".getBytes(StandardCharsets.UTF_8))
			.exchange(), 400, "InvalidRequest");
	}

	@Test
	void downloadStreamsTheObjectAsAnAttachmentNamedAfterTheKey() {
		given(this.store.get("local", "docs/report.pdf", null)).willReturn(Mono.just(new ObjectContent(5, null,
				"\"etag\"", "application/pdf", Flux.just(Unpooled.copiedBuffer("hel", StandardCharsets.UTF_8),
						Unpooled.copiedBuffer("lo", StandardCharsets.UTF_8)))));

		as(Scopes.FILES_INTERNAL).get()
			.uri(OBJECTS, "docs/report.pdf")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PDF)
			.expectHeader()
			.contentLength(5)
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"etag\"")
			.expectHeader()
			.valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.value(HttpHeaders.CONTENT_DISPOSITION,
					(disposition) -> assertThat(disposition).startsWith("attachment").contains("report.pdf"))
			.expectBody(String.class)
			.isEqualTo("hello");
	}

	@Test
	void downloadWithoutAReadGrantForTheKeyIsForbiddenBeforeTheStoreIsAsked() {
		WebTestClient gateway = this.client.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("gateway-service"))
			.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(Scopes.FILES_INTERNAL))));
		expectProblem(gateway.get().uri(OBJECTS, "docs/report.pdf").exchange(), 403, "Forbidden");
		// Another key's read grant, and this key's write grant: neither reads it.
		for (String grant : new String[] { TestGrants.readGrant("local", "docs/other.pdf"),
				TestGrants.grant("local", "docs/report.pdf", Long.MAX_VALUE) }) {
			expectProblem(gateway.get().uri(OBJECTS, "docs/report.pdf").header(TestGrants.HEADER, grant).exchange(),
					403, "Forbidden");
		}
		verifyNoInteractions(this.store);
	}

	@Test
	void uploadOfAKeyWhoseUploadIsOverIsForbiddenAndReadsNoBody() {
		given(this.finished.isFinished("local", "a.txt")).willReturn(Mono.just(true));

		expectProblem(as(Scopes.FILES_INTERNAL).put()
			.uri(OBJECTS + "&maxBytes=100", "a.txt")
			.bodyValue("hello".getBytes(StandardCharsets.UTF_8))
			.exchange(), 403, "Forbidden");
		verifyNoInteractions(this.store);
	}

	@Test
	void uploadWithAReadGrantForTheKeyIsForbidden() {
		expectProblem(as(Scopes.FILES_INTERNAL).put()
			.uri(OBJECTS + "&maxBytes=100", "a.txt")
			.header(TestGrants.HEADER, TestGrants.readGrant("local", "a.txt"))
			.bodyValue("hello".getBytes(StandardCharsets.UTF_8))
			.exchange(), 403, "Forbidden");
		verifyNoInteractions(this.store);
	}

	@Test
	void downloadOfARangeIsPartialContentWithItsContentRange() {
		given(this.store.get("local", "a.txt", new ByteRange(1L, 3L)))
			.willReturn(Mono.just(new ObjectContent(3, "bytes 1-3/5", "\"etag\"", "text/plain",
					Flux.just(Unpooled.copiedBuffer("ell", StandardCharsets.UTF_8)))));

		as(Scopes.FILES_INTERNAL).get()
			.uri(OBJECTS, "a.txt")
			.header(HttpHeaders.RANGE, "bytes=1-3")
			.exchange()
			.expectStatus()
			.isEqualTo(206)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 1-3/5")
			.expectBody(String.class)
			.isEqualTo("ell");
	}

	@Test
	void downloadOfAMissingObjectIsNoSuchFile() {
		given(this.store.get("local", "gone.txt", null))
			.willReturn(Mono.error(new NoSuchObjectException("no such key gone.txt")));

		expectProblem(as(Scopes.FILES_INTERNAL).get().uri(OBJECTS, "gone.txt").exchange(), 404, "NoSuchFile");
	}

	@Test
	void downloadOfARangePastTheEndIsRangeNotSatisfiableWithTheSize() {
		given(this.store.get("local", "a.txt", new ByteRange(10L, null)))
			.willReturn(Mono.error(new RangeNotSatisfiableException(5L)));

		expectProblem(as(Scopes.FILES_INTERNAL).get()
			.uri(OBJECTS, "a.txt")
			.header(HttpHeaders.RANGE, "bytes=10-")
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes */5"), 416, "RangeNotSatisfiable");
	}

	@Test
	void downloadWhileTheProviderIsDownIsStorageUnavailableWithRetryAfter() {
		given(this.store.get("local", "a.txt", null))
			.willReturn(Mono.error(new StorageUnavailableException("connect timed out")));

		expectProblem(as(Scopes.FILES_INTERNAL).get().uri(OBJECTS, "a.txt").exchange(), 503, "StorageUnavailable")
			.jsonPath("$.detail")
			.value((detail) -> assertThat(String.valueOf(detail)).doesNotContain("connect timed out"));
	}

	@Test
	void deleteIsNotAllowedOnTheByteApi() {
		expectProblem(as(Scopes.FILES_INTERNAL).delete().uri(OBJECTS, "a.txt").exchange(), 405, "MethodNotAllowed");
	}

	@Test
	void callWithoutTokenIsUnauthorized() {
		expectProblem(this.client.get().uri(OBJECTS, "a.txt").exchange(), 401, "Unauthorized");
		verifyNoInteractions(this.store);
	}

	@Test
	void downloadWithAUsersTokenIsForbiddenWhateverItsScopes() {
		expectProblem(asUser().get().uri(OBJECTS, "a.txt").exchange(), 403, "Forbidden");
		verifyNoInteractions(this.store);
	}

	@Test
	void uploadWithAUsersTokenIsForbiddenWhateverItsScopes() {
		expectProblem(asUser().put()
			.uri(OBJECTS + "&maxBytes=100", "a.txt")
			.bodyValue("hello".getBytes(StandardCharsets.UTF_8))
			.exchange(), 403, "Forbidden");
		verifyNoInteractions(this.store);
	}

	/** A user's token with every files scope, sent straight here. */
	private WebTestClient asUser() {
		return as(Scopes.FILES_READ, Scopes.FILES_WRITE, Scopes.FILES_DELETE, Scopes.FILES_SHARE, Scopes.FILES_ADMIN);
	}

	private WebTestClient as(String... scopes) {
		// Writes carry a grant for their key, as the gateway's do.
		return this.client.mutate()
			.filter(TestGrants.reservingEveryKey())
			.build()
			.mutateWith(mockJwt().jwt((jwt) -> jwt.subject("alice"))
				.authorities(AuthorityUtils.createAuthorityList(Scopes.authorities(scopes))));
	}

}
