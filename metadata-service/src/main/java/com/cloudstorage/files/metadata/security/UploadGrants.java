package com.cloudstorage.files.metadata.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Completing or aborting an upload with the reservation's grant instead of a token: the
 * gateway may finish a transfer that outlived the caller's access token.
 */
public final class UploadGrants {

	public static final String HEADER = "Upload-Grant";

	private UploadGrants() {
	}

	/**
	 * The complete and abort calls that carry a grant; the controller checks the grant.
	 */
	static ServerWebExchangeMatcher grantedCalls() {
		ServerWebExchangeMatcher paths = ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST,
				"/internal/v1/uploads/*/complete", "/internal/v1/uploads/*/abort");
		ServerWebExchangeMatcher withGrant = (exchange) -> exchange.getRequest().getHeaders().containsHeader(HEADER)
				? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
		return new AndServerWebExchangeMatcher(paths, withGrant);
	}

}
