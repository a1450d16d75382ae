package com.cloudstorage.files.kit.security;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Security's bearer token converter with a fast path for the usual request: an
 * {@code Authorization: Bearer <token>} header whose token has only the characters RFC
 * 6750 allows. Spring's converter matches the whole header (a JWT of about 1 KB) with a
 * regular expression and merges three token sources through a chain of operators: 3–4 %
 * of the gateway's and metadata-service's CPU per request in the profiles (#10). Anything
 * else (no such header, another scheme, a malformed token) goes to Spring's converter,
 * which gives the same answers as before; with its defaults, which the kit keeps, it
 * reads no token from the query or the body.
 */
final class BearerTokens implements ServerAuthenticationConverter {

	private static final String PREFIX = "Bearer ";

	private final ServerBearerTokenAuthenticationConverter standard = new ServerBearerTokenAuthenticationConverter();

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		String token = wellFormed(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
		return (token != null) ? Mono.just(new BearerTokenAuthenticationToken(token)) : this.standard.convert(exchange);
	}

	/**
	 * The token when {@code authorization} is what Spring's pattern
	 * {@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$} (case-insensitive) accepts without
	 * a trailing line break; else {@code null}.
	 */
	static @Nullable String wellFormed(@Nullable String authorization) {
		if (authorization == null || authorization.length() <= PREFIX.length()
				|| !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return null;
		}
		int end = authorization.length();
		while (end > PREFIX.length() && authorization.charAt(end - 1) == '=') {
			end--;
		}
		if (end == PREFIX.length()) {
			return null;
		}
		for (int i = PREFIX.length(); i < end; i++) {
			if (!isTokenChar(authorization.charAt(i))) {
				return null;
			}
		}
		return authorization.substring(PREFIX.length());
	}

	private static boolean isTokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
