package com.cloudstorage.files.sharelink.link;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Token policy: base64url of at least 256 random bits; only its SHA-256 is ever stored or
 * compared.
 */
public final class LinkTokens {

	// 32 bytes in unpadded base64url are 43 characters; anything else cannot be ours.
	private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43,128}");

	private LinkTokens() {
	}

	/**
	 * Whether a string can be a token at all; malformed ones are answered without
	 * touching the database.
	 */
	public static boolean wellFormed(String token) {
		return token != null && SHAPE.matcher(token).matches();
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
