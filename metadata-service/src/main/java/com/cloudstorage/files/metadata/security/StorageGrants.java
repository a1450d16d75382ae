package com.cloudstorage.files.metadata.security;

import java.time.Clock;
import java.time.Instant;

import javax.crypto.spec.SecretKeySpec;

import com.cloudstorage.files.kit.security.StorageGrantFormat;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signs storage grants (the format: service-kit {@link StorageGrantFormat}):
 * storage-service writes, and presigns part URLs for, only a key that carries a write
 * grant, and streams or presigns downloads of only a key that carries a read grant (its
 * {@code StorageGrants} checks them without calling back here). A grant is a bearer
 * credential for one key and one operation: never logged.
 */
@Component
public class StorageGrants {

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
		return StorageGrantFormat.key(id, value, "files.metadata.storage-grants.keys." + id);
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

	/**
	 * A read grant: storage-service streams the key, or presigns a download URL of it,
	 * for {@code read-ttl}; signed only once the caller's right to read is checked.
	 */
	public String forRead(String provider, String objectKey) {
		return StorageGrantFormat.sign(this.keyId, this.key, StorageGrantFormat.Claims.read(provider, objectKey,
				this.clock.instant().plus(this.properties.readTtl())));
	}

	String sign(String provider, String objectKey, long maxBytes, Instant expiresAt) {
		return StorageGrantFormat.sign(this.keyId, this.key,
				new StorageGrantFormat.Claims(provider, objectKey, maxBytes, expiresAt));
	}

}
