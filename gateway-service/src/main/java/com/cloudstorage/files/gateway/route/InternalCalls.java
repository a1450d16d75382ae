package com.cloudstorage.files.gateway.route;

import java.security.Principal;
import java.security.Principal;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.gateway.identity.ServiceTokens;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.security.ActingUser;
import com.cloudstorage.files.kit.security.Scopes;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * What the gateway's calls to other services' {@code /internal/**} routes carry: the
 * gateway's own service token (never the user's), and, where the callee needs to know for
 * whom, the user the gateway authenticated, named explicitly.
 */
final class InternalCalls {

	private final ServiceTokens tokens;

	InternalCalls(ServiceTokens tokens) {
		this.tokens = tokens;
	}

	/**
	 * The gateway acting for this user (resolved by the controller: later steps of an
	 * upload may run outside the request's security context).
	 */
	Mono<Identity> forUser(@Nullable Principal user) {
		if (!(user instanceof Authentication authentication)) {
			return Mono.error(new ProblemException(ProblemCode.UNAUTHORIZED, "A valid bearer token is required."));
		}
		return this.tokens.bearer()
			.map((bearer) -> new Identity(bearer, authentication.getName(), scopesOf(authentication)));
	}

	/** The gateway on its own account (the callee needs no user). */
	Mono<Identity> asGateway() {
		return this.tokens.bearer().map((bearer) -> new Identity(bearer, null, null));
	}

	private static String scopesOf(Authentication user) {
		return user.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(Objects::nonNull)
			.map(Scopes::scopeOf)
			.filter(Objects::nonNull)
			.collect(Collectors.joining(" "));
	}

	/**
	 * @param bearer the gateway's {@code Authorization} value
	 * @param user the acting user's subject, when the callee needs one
	 * @param userScopes that user's scopes, space-separated
	 */
	record Identity(String bearer, @Nullable String user, @Nullable String userScopes) {

		void applyTo(HttpHeaders headers) {
			headers.set(HttpHeaders.AUTHORIZATION, this.bearer);
			if (this.user != null) {
				headers.set(ActingUser.SUBJECT_HEADER, this.user);
				headers.set(ActingUser.SCOPES_HEADER, (this.userScopes != null) ? this.userScopes : "");
			}
		}

		/** The same token without the user, for a callee that has no use for one. */
		Identity withoutUser() {
			return new Identity(this.bearer, null, null);
		}

	}

}
