package com.cloudstorage.files.metadata.security;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.metadata.Caller;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Turns the authenticated JWT into a {@link Caller}. */
public final class Callers {

	private Callers() {
	}

	public static Caller of(Authentication authentication) {
		Set<String> scopes = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(Objects::nonNull)
			.map(Scopes::scopeOf)
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		return new Caller(authentication.getName(), scopes);
	}

}
