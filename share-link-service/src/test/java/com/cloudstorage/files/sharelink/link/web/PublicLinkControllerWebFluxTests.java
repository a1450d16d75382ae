package com.cloudstorage.files.sharelink.link.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.sharelink.link.LinkTokens;
import com.cloudstorage.files.sharelink.link.ResolvedLink;
import com.cloudstorage.files.sharelink.link.ShareLinks;
import com.cloudstorage.files.sharelink.presign.ObjectToSign;
import com.cloudstorage.files.sharelink.presign.ObjectUrlSigner;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The public resolver's web layer: redirect, the one neutral answer for every dead link,
 * the browser page, the guessing limit, and that no token leaks. The projection and the
 * signer are mocks; the real chain is covered by ShareLinkResolutionIntegrationTests.
 */
@WebFluxTest(controllers = PublicLinkController.class, properties = "files.sharelink.failed-resolution-limit=3",
		includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "com\\.cloudstorage\\.files\\.sharelink\\.security\\..*"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@Import({ LinkErrorPage.class, PublicLinkControllerWebFluxTests.Peer.class, SimpleMeterRegistry.class })
class PublicLinkControllerWebFluxTests {

	/**
	 * A mock exchange has no peer; this one comes from the gateway on loopback (a trusted
	 * proxy by default) unless a test names another peer in {@value #PEER}.
	 */
	static final String PEER = "X-Test-Peer";

	/** Each test guesses from its own address, so the limiter's count is its own. */
	private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

	private static final String TOKEN = "A".repeat(43);

	private static final URI SIGNED = URI.create("https://s3.test/bucket/key?X-Amz-Signature=abc");

	private static final ResolvedLink PDF_LINK = new ResolvedLink("local", "bucket", "key", "report.pdf",
			"application/pdf");

	private static final ObjectToSign PDF = new ObjectToSign("local", "bucket", "key", "report.pdf", "application/pdf");

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private ShareLinks links;

	@MockitoBean
	private ObjectUrlSigner signer;

	private final String address = "203.0.113." + ADDRESSES.getAndIncrement();

	@Test
	void liveLinkRedirectsToThePresignedUrlWithoutAnyToken() {
		given(this.links.resolve(LinkTokens.hash(TOKEN))).willReturn(Mono.just(PDF_LINK));
		given(this.signer.presign(PDF, false)).willReturn(SIGNED);

		resolve(TOKEN).expectStatus()
			.isFound()
			.expectHeader()
			.location(SIGNED.toString())
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectHeader()
			.valueEquals("X-Robots-Tag", "noindex, nofollow")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("Content-Security-Policy", PublicLinkController.CSP);
	}

	@Test
	void headOfALiveLinkRedirectsToo() {
		given(this.links.resolve(LinkTokens.hash(TOKEN))).willReturn(Mono.just(PDF_LINK));
		given(this.signer.presign(PDF, false)).willReturn(SIGNED);

		this.client.head()
			.uri("/s/{token}", TOKEN)
			.header("X-Forwarded-For", this.address)
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location(SIGNED.toString());
	}

	@Test
	void inlineIsAskedOfTheSignerForATypeThatIsSafeToShow() {
		given(this.links.resolve(LinkTokens.hash(TOKEN))).willReturn(Mono.just(PDF_LINK));
		given(this.signer.presign(PDF, true)).willReturn(SIGNED);

		resolve("/s/{token}?inline=1", TOKEN).expectStatus().isFound();
		then(this.signer).should().presign(PDF, true);
	}

	@Test
	void inlineIsRefusedForHtmlWhichCouldRunScript() {
		ResolvedLink htmlLink = new ResolvedLink("local", "bucket", "key", "page.html", "text/html");
		ObjectToSign html = new ObjectToSign("local", "bucket", "key", "page.html", "text/html");
		given(this.links.resolve(LinkTokens.hash(TOKEN))).willReturn(Mono.just(htmlLink));
		given(this.signer.presign(html, false)).willReturn(SIGNED);

		resolve("/s/{token}?inline=1", TOKEN).expectStatus().isFound();
		then(this.signer).should().presign(html, false);
	}

	@Test
	void deadLinkIsLinkUnavailableAndNeverEchoesItsToken() {
		given(this.links.resolve(LinkTokens.hash(TOKEN))).willReturn(Mono.empty());

		expectProblem(resolve(TOKEN).expectHeader().cacheControl(CacheControl.noStore()), 404, "LinkUnavailable")
			.jsonPath("$.instance")
			.isEqualTo("/s/***")
			.consumeWith((body) -> assertThat(new String(body.getResponseBodyContent())).doesNotContain(TOKEN));
	}

	@Test
	void malformedTokenGetsTheSameAnswerWithoutAskingTheProjection() {
		expectProblem(resolve("not-a-token"), 404, "LinkUnavailable");
		verifyNoInteractions(this.links, this.signer);
	}

	@Test
	void browserFollowingADeadLinkSeesAnHtmlPageWithTheSameStatus() {
		given(this.links.resolve(any())).willReturn(Mono.empty());

		this.client.get()
			.uri("/s/{token}", TOKEN)
			.header("X-Forwarded-For", this.address)
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("Content-Security-Policy", PublicLinkController.CSP)
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("This file is no longer available").doesNotContain(TOKEN));
	}

	@Test
	void addressThatKeepsTryingDeadLinksIsToldToWait() {
		given(this.links.resolve(any())).willReturn(Mono.empty());
		for (int i = 0; i < 3; i++) {
			expectProblem(resolve(TOKEN), 404, "LinkUnavailable");
		}

		expectProblem(resolve(TOKEN), 429, "TooManyRequests");
	}

	@Test
	void liveLinkStillWorksFromAnAddressThatWasToldToWait() {
		given(this.links.resolve(any())).willReturn(Mono.empty());
		for (int i = 0; i < 3; i++) {
			resolve(TOKEN).expectStatus().isNotFound();
		}
		String live = "B".repeat(43);
		given(this.links.resolve(LinkTokens.hash(live))).willReturn(Mono.just(PDF_LINK));
		given(this.signer.presign(PDF, false)).willReturn(SIGNED);

		resolve(live).expectStatus().isFound().expectHeader().location(SIGNED.toString());
	}

	@Test
	void callerThatIsNoTrustedProxyCannotDodgeTheLimitByNamingOtherAddresses() {
		given(this.links.resolve(any())).willReturn(Mono.empty());
		String peer = "198.51.100." + ADDRESSES.getAndIncrement();
		for (int i = 0; i < 3; i++) {
			expectProblem(resolveFrom(peer, "203.0.113.200, 192.0.2." + i), 404, "LinkUnavailable");
		}

		expectProblem(resolveFrom(peer, "192.0.2.99"), 429, "TooManyRequests");
	}

	@Test
	void trustedProxyIsBelievedSoClientsBehindItAreCountedApart() {
		given(this.links.resolve(any())).willReturn(Mono.empty());
		String proxy = "10.1.2.3";
		String guesser = "198.51.100." + (100 + ADDRESSES.getAndIncrement());
		String neighbour = "198.51.100." + (100 + ADDRESSES.getAndIncrement());
		for (int i = 0; i < 3; i++) {
			expectProblem(resolveFrom(proxy, guesser), 404, "LinkUnavailable");
		}

		expectProblem(resolveFrom(proxy, guesser), 429, "TooManyRequests");
		expectProblem(resolveFrom(proxy, neighbour), 404, "LinkUnavailable");
	}

	@Test
	void postToALinkIsNotAllowed() {
		expectProblem(this.client.post().uri("/s/{token}", TOKEN).exchange(), 405, "MethodNotAllowed");
		verifyNoInteractions(this.links, this.signer);
	}

	@Test
	void signerFailureIsServiceUnavailableAndNotAStackTrace() {
		given(this.links.resolve(LinkTokens.hash(TOKEN))).willReturn(Mono.just(PDF_LINK));
		given(this.signer.presign(any(), anyBoolean())).willThrow(new IllegalStateException("No provider profile"));

		expectProblem(resolve(TOKEN), 503, "ServiceUnavailable")
			.consumeWith((body) -> assertThat(new String(body.getResponseBodyContent())).doesNotContain("profile")
				.doesNotContain("Exception"));
	}

	private WebTestClient.ResponseSpec resolveFrom(String peer, String forwardedFor) {
		return this.client.get()
			.uri("/s/{token}", TOKEN)
			.header(PEER, peer)
			.header("X-Forwarded-For", forwardedFor)
			.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.exchange();
	}

	private WebTestClient.ResponseSpec resolve(String token) {
		return resolve("/s/{token}", token);
	}

	private WebTestClient.ResponseSpec resolve(String uri, String token) {
		return this.client.get()
			.uri(uri, token)
			.header("X-Forwarded-For", this.address)
			.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.exchange();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Peer {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		WebFilter peerAddress() {
			return (exchange, chain) -> {
				String peer = exchange.getRequest().getHeaders().getFirst(PEER);
				InetSocketAddress address = new InetSocketAddress((peer != null) ? peer : "127.0.0.1", 40000);
				return chain.filter(exchange.mutate()
					.request(exchange.getRequest().mutate().remoteAddress(address).build())
					.build());
			};
		}

	}

}
