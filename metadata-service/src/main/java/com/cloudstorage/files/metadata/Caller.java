package com.cloudstorage.files.metadata;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.cloudstorage.files.kit.security.Scopes;

/**
 * Who is calling: the JWT subject and its scopes.
 *
 * @param subject the JWT {@code sub}, owner of what it creates; must not be
 * {@literal null}
 * @param scopes the granted scopes without the {@code SCOPE_} prefix
 */
public record Caller(String subject, Set<String> scopes) {

	public static final String ADMIN_SCOPE = Scopes.FILES_ADMIN;

	/** Longest subject the catalogue stores (owner and deleted_by columns). */
	public static final int MAX_SUBJECT_BYTES = 255;

	/**
	 * @throws InvalidRequestException when the subject could not be stored as an owner
	 */
	public Caller {
		scopes = Set.copyOf(scopes);
		if (subject.isEmpty() || subject.codePoints().anyMatch(Character::isISOControl)
				|| subject.getBytes(StandardCharsets.UTF_8).length > MAX_SUBJECT_BYTES) {
			throw new InvalidRequestException("The token's subject is empty, too long or has control characters.");
		}
	}

	public boolean admin() {
		return this.scopes.contains(ADMIN_SCOPE);
	}

	/** The owner and admins may change a file. */
	public boolean mayManage(String owner) {
		return admin() || this.subject.equals(owner);
	}

}
