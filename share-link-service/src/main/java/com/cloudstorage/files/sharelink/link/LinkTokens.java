package com.cloudstorage.files.sharelink.link;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Token policy: base64url of at least 256 random bits; only its SHA-256 is ever stored or
 * compared.
 */
public final class LinkTokens {

	// 32 bytes in unpadded base64url are 43 characters; anything else cannot be ours.
	private static final int MIN_LENGTH = 43;

	private static final int MAX_LENGTH = 128;

	private LinkTokens() {
	}

	/**
	 * Whether a string can be a token at all; malformed ones are answered without
	 * touching the database.
	 */
	public static boolean wellFormed(String token) {
		// [A-Za-z0-9_-]{43,128} as a loop: the regex was about 1 % of a resolution (#10).
		if (token == null || token.length() < MIN_LENGTH || token.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < token.length(); i++) {
			if (!isBase64Url(token.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isBase64Url(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
	}

	/** Lowercase hex SHA-256 of the token's UTF-8 bytes. */
	public static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
