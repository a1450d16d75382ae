package com.cloudstorage.files.sharelink.link.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.cloudstorage.files.kit.presign.InlinePolicy;
import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.sharelink.link.FailedResolutionLimiter;
import com.cloudstorage.files.sharelink.link.LinkTokens;
import com.cloudstorage.files.sharelink.link.ResolvedLink;
import com.cloudstorage.files.sharelink.link.ShareLinks;
import com.cloudstorage.files.sharelink.presign.ObjectUrlSigner;
import com.cloudstorage.files.sharelink.presign.ProviderProperties;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public side of a sharing link: {@code /s/{token}} redirects to a short-lived
 * presigned URL. An unknown, reset or revoked token and a deleted file all get the same
 * neutral answer, so nobody learns whether a token ever existed; browsers see it as
 * {@link LinkErrorPage}.
 */
@RestController
class PublicLinkController {

	static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
			+ "form-action 'none'; frame-ancestors 'none'";

	private final ShareLinks links;

	private final ObjectUrlSigner signer;

	private final FailedResolutionLimiter limiter;

	PublicLinkController(ShareLinks links, ObjectUrlSigner signer, ProviderProperties properties) {
		this.links = links;
		this.signer = signer;
		this.limiter = new FailedResolutionLimiter(properties.failedResolutionLimit(),
				properties.failedResolutionWindow(), Clock.systemUTC());
	}

	@RequestMapping(path = "/s/{token}", method = { RequestMethod.GET, RequestMethod.HEAD })
	Mono<ResponseEntity<Void>> resolve(@PathVariable String token,
			@RequestParam(name = "inline", required = false) String inline, ServerHttpRequest request) {
		String client = clientAddress(request);
		Mono<ResolvedLink> resolved = LinkTokens.wellFormed(token) ? this.links.resolve(LinkTokens.hash(token))
				: Mono.empty();
		// Only failures count and only failures are refused: a working link always works,
		// even from an address
		// that has been guessing (people behind one NAT share an address).
		return resolved.map((link) -> redirect(link, "1".equals(inline) || "true".equals(inline)))
			.switchIfEmpty(Mono.error(() -> {
				long retryAfter = this.limiter.retryAfterSeconds(client);
				if (retryAfter > 0) {
					return protect(
							Problem.of(ProblemCode.TOO_MANY_REQUESTS,
									"Too many links that do not work were tried from your address. Try again in "
											+ retryAfter + " seconds."))
						.retryAfter(Duration.ofSeconds(retryAfter))
						.exception();
				}
				this.limiter.recordFailure(client);
				return protect(Problem.of(ProblemCode.LINK_UNAVAILABLE, "The link was reset or the file was deleted."))
					.exception();
			}));
	}

	private ResponseEntity<Void> redirect(ResolvedLink link, boolean inline) {
		URI url = this.signer.presign(link, inline && InlinePolicy.isSafeInline(link.contentType()));
		return ResponseEntity.status(HttpStatus.FOUND).headers(protectiveHeaders()).location(url).build();
	}

	/** Neither a working nor a dead link may be cached, indexed or leak its address. */
	static HttpHeaders protectiveHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.setCacheControl("no-store");
		headers.set("Referrer-Policy", "no-referrer");
		headers.set("X-Robots-Tag", "noindex, nofollow");
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Content-Security-Policy", CSP);
		return headers;
	}

	private static Problem protect(Problem problem) {
		protectiveHeaders().forEach((name, values) -> problem.header(name, values.get(0)));
		return problem;
	}

	/**
	 * The gateway puts the client's address first in X-Forwarded-For; direct callers are
	 * taken as they connect.
	 */
	private static String clientAddress(ServerHttpRequest request) {
		List<String> forwarded = request.getHeaders().get("X-Forwarded-For");
		if (forwarded != null && !forwarded.isEmpty()) {
			return forwarded.get(0).split(",")[0].trim();
		}
		InetSocketAddress remote = request.getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

}
