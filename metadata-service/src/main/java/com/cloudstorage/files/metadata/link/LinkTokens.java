package com.cloudstorage.files.metadata.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.cloudstorage.files.metadata.OpaqueTokens;

/**
 * Token policy: 256 random bits from {@link SecureRandom}, base64url; looked up by
 * SHA-256, kept AES-GCM encrypted so it can be shown again. The hash is what events
 * carry; the token itself never leaves this class except to its owner.
 */
public final class LinkTokens {

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private static final int MAX_OPENED = 10_000;

	private final SecretKeySpec key;

	// Every GET of a shareable file shows its link: decrypting it each time (a Cipher
	// lookup and an AES-GCM pass) is the same work over and over for the same
	// ciphertext. A ciphertext is immutable, so what it opens to never goes stale.
	private final Map<String, String> opened = new ConcurrentHashMap<>();

	/**
	 * @param base64Key base64 of a 32-byte AES key
	 */
	public LinkTokens(String base64Key) {
		byte[] bytes = Base64.getDecoder().decode(base64Key);
		if (bytes.length != 32) {
			throw new IllegalArgumentException("files.metadata.links.token-key must be 32 bytes, base64-encoded");
		}
		this.key = new SecretKeySpec(bytes, "AES");
	}

	public String newToken() {
		return OpaqueTokens.newToken();
	}

	public static String hash(String token) {
		return OpaqueTokens.hash(token);
	}

	public String encrypt(String token) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
			byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt a token", ex);
		}
	}

	public String decrypt(String ciphertext) {
		String known = this.opened.get(ciphertext);
		if (known != null) {
			return known;
		}
		String token = open(ciphertext);
		if (this.opened.size() >= MAX_OPENED) {
			this.opened.clear();
		}
		this.opened.put(ciphertext, token);
		return token;
	}

	private String open(String ciphertext) {
		try {
			byte[] all = Base64.getDecoder().decode(ciphertext);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
			return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not decrypt a token (wrong token key?)", ex);
		}
	}

}
