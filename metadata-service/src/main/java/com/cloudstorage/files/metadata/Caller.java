package com.cloudstorage.files.metadata;

import com.cloudstorage.files.kit.security.Scopes;

import java.util.Set;

/**
 * Who is calling: the JWT subject and its scopes.
 *
 * @param subject the JWT {@code sub}, owner of what it creates; must not be
 * {@literal null}
 * @param scopes the granted scopes without the {@code SCOPE_} prefix
 */
public record Caller(String subject, Set<String> scopes) {

	public static final String ADMIN_SCOPE = Scopes.FILES_ADMIN;

	public Caller {
		scopes = Set.copyOf(scopes);
	}

	public boolean admin() {
		return this.scopes.contains(ADMIN_SCOPE);
	}

	/** The owner and admins may change a file. */
	public boolean mayManage(String owner) {
		return admin() || this.subject.equals(owner);
	}

}
