package com.cloudstorage.files.metadata.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import com.cloudstorage.files.metadata.OpaqueTokens;

/**
 * Token policy: 256 random bits from {@link SecureRandom}, base64url; looked up by
 * SHA-256, kept AES-GCM encrypted so it can be shown again. The hash is what events
 * carry; the token itself never leaves this class except to its owner.
 * <p>
 * A ciphertext is {@code <key id>.<base64 of IV and sealed token>}: the key id says which
 * of the configured keys opens it, so the active key can change while older links keep
 * working. The link id is the GCM associated data, so a ciphertext copied onto another
 * link does not open. A ciphertext without a key id predates versioning (no associated
 * data) and is opened with whichever configured key fits.
 */
public final class LinkTokens {

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final int MAX_OPENED = 10_000;

	private static final char KEY_ID_SEPARATOR = '.';

	private final SecureRandom random = new SecureRandom();

	private final Map<String, SecretKeySpec> keys;

	private final String activeKeyId;

	// Every GET of a shareable file shows its link: decrypting it each time (a Cipher
	// lookup and an AES-GCM pass) is the same work over and over for the same
	// ciphertext. A ciphertext is immutable, so what it opens to never goes stale.
	private final Map<String, String> opened = new ConcurrentHashMap<>();

	public LinkTokens(LinkProperties properties) {
		this(properties.tokenKeys(), properties.activeTokenKey());
	}

	/**
	 * @param base64Keys base64 of a 32-byte AES key, by key id
	 * @param activeKeyId the key new tokens are encrypted with
	 */
	public LinkTokens(Map<String, String> base64Keys, String activeKeyId) {
		Map<String, SecretKeySpec> decoded = new HashMap<>();
		base64Keys.forEach((id, base64) -> decoded.put(id, key(id, base64)));
		if (!decoded.containsKey(activeKeyId)) {
			throw new IllegalArgumentException("The active link-token key '" + activeKeyId + "' is not configured");
		}
		this.keys = Map.copyOf(decoded);
		this.activeKeyId = activeKeyId;
	}

	private static SecretKeySpec key(String id, String base64) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			bytes = new byte[0];
		}
		if (bytes.length != 32) {
			throw new IllegalArgumentException(
					"files.metadata.links.token-keys." + id + " must be 32 bytes, base64-encoded");
		}
		return new SecretKeySpec(bytes, "AES");
	}

	public String newToken() {
		return OpaqueTokens.newToken();
	}

	public static String hash(String token) {
		return OpaqueTokens.hash(token);
	}

	/** Seals the token of this link with the active key. */
	public String encrypt(UUID linkId, String token) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(associatedData(linkId));
			byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
			return this.activeKeyId + KEY_ID_SEPARATOR + Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt a token", ex);
		}
	}

	/**
	 * Opens the token of this link.
	 * @throws IllegalStateException when the ciphertext was not sealed for this link, or
	 * its key is not configured
	 */
	public String decrypt(UUID linkId, String ciphertext) {
		String cacheKey = linkId + "/" + ciphertext;
		String known = this.opened.get(cacheKey);
		if (known != null) {
			return known;
		}
		String token = open(linkId, ciphertext);
		if (this.opened.size() >= MAX_OPENED) {
			this.opened.clear();
		}
		this.opened.put(cacheKey, token);
		return token;
	}

	private String open(UUID linkId, String ciphertext) {
		int separator = ciphertext.indexOf(KEY_ID_SEPARATOR);
		if (separator < 0) {
			return openUnversioned(ciphertext);
		}
		String keyId = ciphertext.substring(0, separator);
		SecretKeySpec key = this.keys.get(keyId);
		if (key == null) {
			throw new IllegalStateException("A link token was encrypted with key '" + keyId
					+ "', which is not configured (files.metadata.links.token-keys)");
		}
		try {
			return open(key, Base64.getDecoder().decode(ciphertext.substring(separator + 1)), associatedData(linkId));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("Could not decrypt the token of link " + linkId, ex);
		}
	}

	/** Written before key ids and associated data: try each key. */
	private String openUnversioned(String ciphertext) {
		byte[] all = Base64.getDecoder().decode(ciphertext);
		for (SecretKeySpec key : this.keys.values()) {
			try {
				return open(key, all, null);
			}
			catch (GeneralSecurityException ex) {
				// Not this key.
			}
		}
		throw new IllegalStateException("Could not decrypt a token (none of the configured keys opens it)");
	}

	private static String open(SecretKeySpec key, byte[] all, byte @Nullable [] associatedData)
			throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
		if (associatedData != null) {
			cipher.updateAAD(associatedData);
		}
		return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
	}

	private static byte[] associatedData(UUID linkId) {
		return ("share-link:" + linkId).getBytes(StandardCharsets.US_ASCII);
	}

}
