package com.cloudstorage.files.kit.security;

/**
 * The user a service identity acts for on an internal call. The gateway checked the
 * user's token itself and names the user explicitly; the called service believes these
 * headers only from a caller holding {@link Scopes#FILES_INTERNAL}.
 */
public final class ActingUser {

	/** The user's token subject. */
	public static final String SUBJECT_HEADER = "X-Acting-User";

	/** The user's scopes, space-separated, as in the token's {@code scope} claim. */
	public static final String SCOPES_HEADER = "X-Acting-Scopes";

	private ActingUser() {
	}

}
