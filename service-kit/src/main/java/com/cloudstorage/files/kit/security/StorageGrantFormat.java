package com.cloudstorage.files.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The one format of storage grants, which metadata-service signs and storage-service
 * checks: {@code <keyId>.<payload>.<mac>}, where {@code payload} is base64url (no
 * padding) of the UTF-8 lines {@code provider}, {@code key}, {@code maxBytes},
 * {@code expiresAt} (epoch seconds) joined by {@code \n}, and {@code mac} is base64url
 * (no padding) of HMAC-SHA256 over the ASCII text {@code <keyId>.<payload>} with the key
 * of that id.
 * <p>
 * The operation: four lines are a write grant (the format's first form, unchanged, so
 * grants in flight during a rollout keep working); a read grant has a fifth line,
 * {@code read}, and {@code maxBytes} 0. A storage-service that knows only four lines
 * refuses a read grant as malformed, and a read grant never passes where a write grant is
 * required, nor the other way round. A grant is a bearer credential for one key: never
 * logged.
 */
public final class StorageGrantFormat {

	private static final String ALGORITHM = "HmacSHA256";

	private static final int MIN_KEY_BYTES = 32;

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private StorageGrantFormat() {
	}

	/**
	 * A configured key, checked.
	 * @param id the key id (1 to 32 lower-case letters, digits or '-')
	 * @param base64 base64 of at least 32 random bytes
	 * @param setting the property that holds it, named in the message when it is wrong
	 * @throws IllegalArgumentException saying what is wrong (never the key)
	 */
	public static SecretKeySpec key(String id, String base64, String setting) {
		if (!id.matches("[a-z0-9-]{1,32}")) {
			throw new IllegalArgumentException(
					"Storage-grant key id '" + id + "' must be 1 to 32 lower-case letters, digits or '-'.");
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(setting + " is not base64.");
		}
		if (bytes.length < MIN_KEY_BYTES) {
			throw new IllegalArgumentException(setting + " must be at least " + MIN_KEY_BYTES + " bytes.");
		}
		return new SecretKeySpec(bytes, ALGORITHM);
	}

	/** The grant for {@code claims}, signed with the key {@code keyId}. */
	public static String sign(String keyId, SecretKeySpec key, Claims claims) {
		if (claims.provider().indexOf('\n') >= 0 || claims.key().indexOf('\n') >= 0) {
			// A line break would shift the lines: another key, or another operation.
			throw new IllegalArgumentException("A storage grant's provider and key hold no line break.");
		}
		String lines = claims.provider() + "\n" + claims.key() + "\n" + claims.maxBytes() + "\n"
				+ claims.expiresAt().getEpochSecond() + ((claims.operation() == Operation.READ) ? "\nread" : "");
		String signed = keyId + "." + BASE64URL.encodeToString(lines.getBytes(StandardCharsets.UTF_8));
		return signed + "." + BASE64URL.encodeToString(mac(key, signed));
	}

	/**
	 * The grant's claims when it is signed with one of {@code keys} (by id) and well
	 * formed, else {@code null}; whether the claims allow the call (its operation, key,
	 * bytes, time) is the caller's call.
	 */
	public static @Nullable Claims verify(String grant, Map<String, SecretKeySpec> keys) {
		int first = grant.indexOf('.');
		int last = grant.lastIndexOf('.');
		if (first <= 0 || last <= first + 1 || last == grant.length() - 1) {
			return null;
		}
		SecretKeySpec key = keys.get(grant.substring(0, first));
		if (key == null) {
			return null;
		}
		try {
			byte[] expected = mac(key, grant.substring(0, last));
			byte[] given = Base64.getUrlDecoder().decode(grant.substring(last + 1));
			if (!MessageDigest.isEqual(expected, given)) {
				return null;
			}
			String[] lines = new String(Base64.getUrlDecoder().decode(grant.substring(first + 1, last)),
					StandardCharsets.UTF_8)
				.split("\n", -1);
			Operation operation;
			if (lines.length == 4) {
				operation = Operation.WRITE;
			}
			else if (lines.length == 5 && lines[4].equals("read")) {
				operation = Operation.READ;
			}
			else {
				return null;
			}
			return new Claims(lines[0], lines[1], Long.parseLong(lines[2]),
					Instant.ofEpochSecond(Long.parseLong(lines[3])), operation);
		}
		catch (IllegalArgumentException ex) {
			// Not base64 or not numbers: not a grant metadata-service wrote.
			return null;
		}
	}

	private static byte[] mac(SecretKeySpec key, String signed) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	/** What a grant lets its holder do with the one key it names. */
	public enum Operation {

		/** Write (or start, continue, complete, abort an upload of) the key. */
		WRITE,

		/** Read the key's bytes, or have a download URL of it presigned. */
		READ

	}

	/**
	 * What a grant allows: writing at most {@code maxBytes} to one key until it expires,
	 * or (a read grant, {@code maxBytes} 0) reading it until it expires.
	 */
	public record Claims(String provider, String key, long maxBytes, Instant expiresAt, Operation operation) {

		/** A write grant. */
		public Claims(String provider, String key, long maxBytes, Instant expiresAt) {
			this(provider, key, maxBytes, expiresAt, Operation.WRITE);
		}

		/** A read grant for the key. */
		public static Claims read(String provider, String key, Instant expiresAt) {
			return new Claims(provider, key, 0, expiresAt, Operation.READ);
		}

	}

}
