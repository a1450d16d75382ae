package com.cloudstorage.files.sharelink.link.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import com.cloudstorage.files.sharelink.link.FailedResolutionLimiter;
import com.cloudstorage.files.sharelink.link.LinkTokens;
import com.cloudstorage.files.sharelink.link.ResolvedLink;
import com.cloudstorage.files.sharelink.link.ShareLinks;
import com.cloudstorage.files.sharelink.presign.ObjectUrlSigner;
import com.cloudstorage.files.sharelink.presign.ProviderProperties;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
 * neutral answer, so nobody learns whether a token ever existed.
 */
@RestController
class PublicLinkController {

	// Types a browser may render inline from a link without running anything of the
	// uploader's.
	private static final Set<String> INLINE_SAFE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
			"application/pdf", "text/plain");

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
	Mono<ResponseEntity<String>> resolve(@PathVariable String token,
			@RequestParam(name = "inline", required = false) String inline, ServerHttpRequest request) {
		String client = clientAddress(request);
		Mono<ResolvedLink> resolved = LinkTokens.wellFormed(token) ? this.links.resolve(LinkTokens.hash(token))
				: Mono.empty();
		// Only failures count and only failures are refused: a working link always works,
		// even from an address
		// that has been guessing (people behind one NAT share an address).
		return resolved.map((link) -> redirect(link, "1".equals(inline) || "true".equals(inline)))
			.switchIfEmpty(Mono.fromSupplier(() -> {
				long retryAfter = this.limiter.retryAfterSeconds(client);
				if (retryAfter > 0) {
					return LinkPages.tooManyRequests(request, retryAfter);
				}
				this.limiter.recordFailure(client);
				return LinkPages.unavailable(request);
			}));
	}

	private ResponseEntity<String> redirect(ResolvedLink link, boolean inline) {
		String type = (link.contentType() != null) ? link.contentType().toLowerCase() : "";
		boolean showInline = inline && INLINE_SAFE.contains(type.split(";")[0].trim());
		URI url = this.signer.presign(link, showInline);
		return ResponseEntity.status(HttpStatus.FOUND).headers(LinkPages.protectiveHeaders()).location(url).build();
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

	/**
	 * The neutral error answers, as HTML for browsers and problem+json for everyone else.
	 */
	static final class LinkPages {

		static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
				+ "form-action 'none'; frame-ancestors 'none'";

		private static final String TITLE = "This file is no longer available";

		private static final String DETAIL = "The link was reset or the file was deleted.";

		private LinkPages() {
		}

		static HttpHeaders protectiveHeaders() {
			HttpHeaders headers = new HttpHeaders();
			headers.setCacheControl("no-store");
			headers.set("Referrer-Policy", "no-referrer");
			headers.set("X-Robots-Tag", "noindex, nofollow");
			headers.set("X-Content-Type-Options", "nosniff");
			headers.set("Content-Security-Policy", CSP);
			return headers;
		}

		static ResponseEntity<String> unavailable(ServerHttpRequest request) {
			return answer(request, HttpStatus.NOT_FOUND, "LinkUnavailable", TITLE, DETAIL, protectiveHeaders());
		}

		static ResponseEntity<String> tooManyRequests(ServerHttpRequest request, long retryAfterSeconds) {
			HttpHeaders headers = protectiveHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
			return answer(request, HttpStatus.TOO_MANY_REQUESTS, "TooManyRequests", "Too many attempts",
					"Too many links that do not work were tried from your address. Try again in " + retryAfterSeconds
							+ " seconds.",
					headers);
		}

		private static ResponseEntity<String> answer(ServerHttpRequest request, HttpStatus status, String code,
				String title, String detail, HttpHeaders headers) {
			boolean html = request.getHeaders()
				.getAccept()
				.stream()
				.anyMatch((type) -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
			if (html) {
				return ResponseEntity.status(status)
					.headers(headers)
					.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
					.body(page(title, detail));
			}
			String problem = """
					{"type":"https://errors.cloudstorage.dev/files/%s","title":"%s","status":%d,"detail":"%s","code":"%s"}"""
				.formatted(kebab(code), title, status.value(), detail, code);
			return ResponseEntity.status(status)
				.headers(headers)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(problem);
		}

		private static String kebab(String code) {
			return code.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
		}

		static String page(String title, String detail) {
			return """
					<!doctype html>
					<html lang="en">
					<head>
					<meta charset="utf-8">
					<meta name="viewport" content="width=device-width, initial-scale=1">
					<meta name="robots" content="noindex">
					<title>%1$s</title>
					<style>
					  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
					         background: #f4f5f7; color: #1d2330; display: grid; place-items: center; min-height: 100vh; }
					  main { background: #fff; max-width: 32rem; margin: 1rem; padding: 2.5rem 2rem; border-radius: 12px;
					         box-shadow: 0 1px 3px rgba(0,0,0,.12); text-align: center; }
					  .icon { display: block; margin: 0 auto; }
					  h1 { font-size: 1.4rem; margin: 1rem 0 .5rem; }
					  p { margin: 0; color: #4a5468; }
					</style>
					</head>
					<body>
					<main role="main">
					  <svg class="icon" aria-hidden="true" width="48" height="48" viewBox="0 0 24 24" fill="none"
					       stroke="#8a94a6" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
					    <path d="M9 15l6-6M11 6l1.5-1.5a4.2 4.2 0 0 1 6 6L17 12M13 18l-1.5 1.5a4.2 4.2 0 0 1-6-6L7 12"/>
					    <path d="M3 3l18 18"/>
					  </svg>
					  <h1>%1$s</h1>
					  <p>%2$s</p>
					  <p style="margin-top:1rem">Ask the person who shared it for a new link.</p>
					</main>
					</body>
					</html>
					"""
				.formatted(title, detail);
		}

	}

}
