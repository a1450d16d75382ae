package com.cloudstorage.files.metadata.security;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemException;
import com.cloudstorage.files.kit.security.ActingUser;
import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.InvalidRequestException;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Turns the authenticated JWT (or the user a service identity acts for) into a
 * {@link Caller}.
 */
public final class Callers {

	private Callers() {
	}

	/** A user calling the public API with the user's own token. */
	public static Caller of(Authentication authentication) {
		return new Caller(authentication.getName(), scopesOf(authentication));
	}

	/**
	 * The user a service identity acts for on an internal call: named by the
	 * {@link ActingUser} headers, believed only from a {@code files:internal} caller
	 * (which the gateway is, after checking the user's token itself). Handlers get it as
	 * an {@link ActingFor} parameter.
	 * @param needed the scope the user must hold for this call
	 * @throws ProblemException 403 when the caller is no service identity or the user
	 * lacks {@code needed}
	 * @throws InvalidRequestException when no user is named
	 */
	static Caller acting(Authentication authentication, @Nullable String subject, @Nullable String scopes,
			String needed) {
		if (!scopesOf(authentication).contains(Scopes.FILES_INTERNAL)) {
			throw new ProblemException(Problem.of(ProblemCode.FORBIDDEN, "Internal calls need a service identity."));
		}
		if (subject == null || subject.isBlank()) {
			throw new InvalidRequestException("The header " + ActingUser.SUBJECT_HEADER + " is required.");
		}
		Set<String> granted = (scopes != null)
				? Arrays.stream(scopes.trim().split(" +")).filter((s) -> !s.isEmpty()).collect(Collectors.toSet())
				: Set.of();
		if (!granted.contains(needed)) {
			throw new ProblemException(Problem.of(ProblemCode.FORBIDDEN, "The user lacks the scope this call needs."));
		}
		return new Caller(subject, granted);
	}

	private static Set<String> scopesOf(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(Objects::nonNull)
			.map(Scopes::scopeOf)
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
	}

}
