package com.cloudstorage.files.kit.security;

import org.jspecify.annotations.Nullable;

/**
 * The OAuth2 scopes of the files API, and the authorities Spring Security derives from
 * them.
 */
public final class Scopes {

	public static final String FILES_READ = "files:read";

	public static final String FILES_WRITE = "files:write";

	public static final String FILES_DELETE = "files:delete";

	public static final String FILES_SHARE = "files:share";

	public static final String FILES_ADMIN = "files:admin";

	public static final String DOCUMENTS_WRITE = "documents:write";

	/**
	 * A service identity (client credentials of the gateway or a worker): the only scope
	 * internal routes accept. The issuer never grants it to a user.
	 */
	public static final String FILES_INTERNAL = "files:internal";

	private static final String AUTHORITY_PREFIX = "SCOPE_";

	private Scopes() {
	}

	/** The authority a scope grants, for {@code hasAuthority(...)}. */
	public static String authority(String scope) {
		return AUTHORITY_PREFIX + scope;
	}

	public static String[] authorities(String... scopes) {
		String[] authorities = new String[scopes.length];
		for (int i = 0; i < scopes.length; i++) {
			authorities[i] = authority(scopes[i]);
		}
		return authorities;
	}

	/** The scope an authority stands for, or {@code null} when it is not a scope. */
	public static @Nullable String scopeOf(String authority) {
		return authority.startsWith(AUTHORITY_PREFIX) ? authority.substring(AUTHORITY_PREFIX.length()) : null;
	}

}
