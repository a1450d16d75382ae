package com.cloudstorage.files.sharelink.link.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.cloudstorage.files.kit.presign.InlinePolicy;
import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemException;
import com.cloudstorage.files.sharelink.link.FailedResolutionLimiter;
import com.cloudstorage.files.sharelink.link.LinkTokens;
import com.cloudstorage.files.sharelink.link.ResolvedLink;
import com.cloudstorage.files.sharelink.link.ShareLinks;
import com.cloudstorage.files.sharelink.presign.ObjectToSign;
import com.cloudstorage.files.sharelink.presign.ObjectUrlSigner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The public side of a sharing link: {@code /s/{token}} redirects to a short-lived
 * presigned URL. An unknown, reset or revoked token and a deleted file all get the same
 * neutral answer, so nobody learns whether a token ever existed; browsers see it as
 * {@link LinkErrorPage}.
 * <p>
 * Every resolution counts in {@value #RESOLUTIONS} by {@code outcome}: {@code resolved},
 * {@code unavailable} (dead or unknown token), {@code rate-limited} (guessing limit) or
 * {@code error} (the projection or signer failed). Never the token or the file.
 */
@RestController
@EnableConfigurationProperties(ResolutionProperties.class)
class PublicLinkController {

	static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
			+ "form-action 'none'; frame-ancestors 'none'";

	static final String RESOLUTIONS = "sharelink.resolutions";

	private final ShareLinks links;

	private final ObjectUrlSigner signer;

	private final FailedResolutionLimiter limiter;

	private final TrustedProxies proxies;

	private final Counter resolvedCount;

	private final Counter unavailableCount;

	private final Counter rateLimitedCount;

	private final Counter errorCount;

	PublicLinkController(ShareLinks links, ObjectUrlSigner signer, ResolutionProperties properties,
			MeterRegistry meters) {
		this.resolvedCount = meters.counter(RESOLUTIONS, "outcome", "resolved");
		this.unavailableCount = meters.counter(RESOLUTIONS, "outcome", "unavailable");
		this.rateLimitedCount = meters.counter(RESOLUTIONS, "outcome", "rate-limited");
		this.errorCount = meters.counter(RESOLUTIONS, "outcome", "error");
		this.links = links;
		this.signer = signer;
		// Per replica on purpose: it guards against guessing, it never decides whether a
		// link is alive, and a write per failed lookup to the shared database would hand
		// a guesser a lever on the database every resolution depends on.
		this.limiter = new FailedResolutionLimiter(properties.failedResolutionLimit(),
				properties.failedResolutionWindow(), Clock.systemUTC());
		this.proxies = new TrustedProxies(properties.trustedProxies());
	}

	@RequestMapping(path = "/s/{token}", method = { RequestMethod.GET, RequestMethod.HEAD })
	Mono<Void> resolve(@PathVariable String token, @RequestParam(name = "inline", required = false) String inline,
			ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		Mono<ResolvedLink> resolved = LinkTokens.wellFormed(token) ? this.links.resolve(LinkTokens.hash(token))
				: Mono.empty();
		// Only failures count and only failures are refused: a working link always works,
		// even from an address
		// that has been guessing (people behind one NAT share an address).
		return resolved.map((link) -> presign(link, "1".equals(inline) || "true".equals(inline)))
			.doOnNext((url) -> this.resolvedCount.increment())
			.doOnError((ex) -> {
				if (!(ex instanceof ProblemException)) {
					this.errorCount.increment();
				}
			})
			.switchIfEmpty(Mono.error(() -> {
				// Only a failure needs the client's address: working links skip parsing
				// X-Forwarded-For.
				String client = clientAddress(request);
				long retryAfter = this.limiter.retryAfterSeconds(client);
				if (retryAfter > 0) {
					this.rateLimitedCount.increment();
					return protect(
							Problem.of(ProblemCode.TOO_MANY_REQUESTS,
									"Too many links that do not work were tried from your address. Try again in "
											+ retryAfter + " seconds."))
						.retryAfter(Duration.ofSeconds(retryAfter))
						.exception();
				}
				this.limiter.recordFailure(client);
				this.unavailableCount.increment();
				return protect(Problem.of(ProblemCode.LINK_UNAVAILABLE, "The link was reset or the file was deleted."))
					.exception();
			}))
			.flatMap((url) -> redirect(exchange.getResponse(), url));
	}

	private URI presign(ResolvedLink link, boolean inline) {
		return this.signer.presign(
				new ObjectToSign(link.provider(), link.bucket(), link.key(), link.name(), link.contentType()),
				inline && InlinePolicy.isSafeInline(link.contentType()));
	}

	/**
	 * Written straight onto the response: a {@code ResponseEntity} copied its headers
	 * twice per request on the way there (#10).
	 */
	private static Mono<Void> redirect(ServerHttpResponse response, URI url) {
		response.setStatusCode(HttpStatus.FOUND);
		HttpHeaders headers = response.getHeaders();
		protect(headers);
		headers.setLocation(url);
		return response.setComplete();
	}

	/** Neither a working nor a dead link may be cached, indexed or leak its address. */
	static HttpHeaders protectiveHeaders() {
		HttpHeaders headers = new HttpHeaders();
		protect(headers);
		return headers;
	}

	private static void protect(HttpHeaders headers) {
		headers.setCacheControl("no-store");
		headers.set("Referrer-Policy", "no-referrer");
		headers.set("X-Robots-Tag", "noindex, nofollow");
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Content-Security-Policy", CSP);
	}

	private static Problem protect(Problem problem) {
		protectiveHeaders().forEach((name, values) -> problem.header(name, values.get(0)));
		return problem;
	}

	/**
	 * The gateway sets X-Forwarded-For to the address it saw; it is believed only from a
	 * configured proxy, so a caller that reaches this service directly cannot pick the
	 * address its failures are counted against.
	 */
	private String clientAddress(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		List<String> forwarded = request.getHeaders().get("X-Forwarded-For");
		return this.proxies.clientOf((remote != null) ? remote.getAddress() : null,
				(forwarded != null) ? forwarded : List.of());
	}

}
