package com.cloudstorage.files.metadata.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signs storage grants: storage-service writes, and presigns part URLs for, only a key
 * that carries one (its {@code StorageGrants} checks it without calling back here).
 * <p>
 * A grant is {@code <keyId>.<payload>.<mac>}: {@code payload} is base64url (no padding)
 * of the UTF-8 lines {@code provider}, {@code key}, {@code maxBytes}, {@code expiresAt}
 * (epoch seconds) joined by {@code \n}; {@code mac} is base64url (no padding) of
 * HMAC-SHA256 over the ASCII text {@code <keyId>.<payload>}. It is a bearer credential
 * for one key: never logged.
 */
@Component
public class StorageGrants {

	private static final String ALGORITHM = "HmacSHA256";

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final String keyId;

	private final SecretKeySpec key;

	private final StorageGrantProperties properties;

	private final Clock clock;

	@Autowired
	StorageGrants(StorageGrantProperties properties) {
		this(properties, Clock.systemUTC());
	}

	StorageGrants(StorageGrantProperties properties, Clock clock) {
		for (var entry : properties.keys().entrySet()) {
			decode(entry.getKey(), entry.getValue());
		}
		this.keyId = properties.activeKey();
		this.key = decode(this.keyId, properties.keys().get(this.keyId));
		this.properties = properties;
		this.clock = clock;
	}

	private static SecretKeySpec decode(String id, String value) {
		if (!id.matches("[a-z0-9-]{1,32}")) {
			throw new IllegalArgumentException(
					"Storage-grant key id '" + id + "' must be 1 to 32 lower-case letters, digits or '-'.");
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("files.metadata.storage-grants.keys." + id + " is not base64.");
		}
		if (bytes.length < 32) {
			throw new IllegalArgumentException(
					"files.metadata.storage-grants.keys." + id + " must be at least 32 bytes.");
		}
		return new SecretKeySpec(bytes, ALGORITHM);
	}

	/** A plain upload's grant: short-lived, storage checks it when the upload starts. */
	public String forUpload(String provider, String objectKey, long maxBytes) {
		return sign(provider, objectKey, maxBytes, this.clock.instant().plus(this.properties.ttl()));
	}

	/**
	 * An upload session's grant: its parts, part URLs and completion, until it expires.
	 */
	public String forSession(String provider, String objectKey, long size, Instant sessionExpiresAt) {
		return sign(provider, objectKey, size, sessionExpiresAt);
	}

	String sign(String provider, String objectKey, long maxBytes, Instant expiresAt) {
		String claims = provider + "\n" + objectKey + "\n" + maxBytes + "\n" + expiresAt.getEpochSecond();
		String signed = this.keyId + "." + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return signed + "." + BASE64URL.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

}
