package com.cloudstorage.files.metadata.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads what a storage grant says (its payload), for assertions. */
public final class StorageGrantClaims {

	private StorageGrantClaims() {
	}

	/** The payload's lines: provider, key, maxBytes, expiresAt (epoch seconds). */
	public static String of(String grant) {
		String[] parts = grant.split("\\.");
		if (parts.length != 3) {
			throw new AssertionError("A grant has three parts: " + parts.length);
		}
		return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
	}

}
