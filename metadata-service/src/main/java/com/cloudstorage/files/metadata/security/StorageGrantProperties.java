package com.cloudstorage.files.metadata.security;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Storage grants: what lets storage-service write a key this service reserved, or read
 * one this service located for a caller allowed to read it.
 *
 * @param keys the HMAC keys by key id (lower-case letters, digits and {@code -}): base64
 * of at least 32 random bytes each, shared with storage-service
 * ({@code files.storage.grants.keys}) and nobody else. There is no default outside the
 * {@code local} profile; a service without keys does not start
 * @param activeKey the id of the key new grants are signed with; may be left out when
 * there is exactly one key
 * @param ttl how long a plain upload's grant works: storage-service checks it when the
 * upload starts, so a few minutes are enough (an upload session's grant works until the
 * session expires, since a resumed upload sends parts through its whole life)
 * @param readTtl how long a read grant works (a download, a presigned download URL, or an
 * upload session reading back its own staged bytes): storage-service checks it when the
 * read starts, right after the gateway got it here, so a long download is not cut
 */
@ConfigurationProperties("files.metadata.storage-grants")
public record StorageGrantProperties(Map<String, String> keys, @Nullable String activeKey,
		@DefaultValue("PT5M") Duration ttl, @DefaultValue("PT1M") Duration readTtl) {

	public StorageGrantProperties {
		keys = (keys != null) ? new TreeMap<>(keys) : Map.of();
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("No storage-grant key is configured: set "
					+ "files.metadata.storage-grants.keys.<key-id> (FILES_METADATA_STORAGEGRANTS_KEYS_<KEY-ID>, base64 "
					+ "of 32 random bytes, e.g. `openssl rand -base64 32`), the same in storage-service's "
					+ "files.storage.grants.keys.<key-id>. Only the 'local' profile has a built-in development key.");
		}
		if (activeKey == null || activeKey.isBlank()) {
			if (keys.size() != 1) {
				throw new IllegalArgumentException("Several storage-grant keys are configured: name the one new "
						+ "grants use in files.metadata.storage-grants.active-key.");
			}
			activeKey = keys.keySet().iterator().next();
		}
		if (!keys.containsKey(activeKey)) {
			throw new IllegalArgumentException("files.metadata.storage-grants.active-key '" + activeKey
					+ "' is not among files.metadata.storage-grants.keys " + keys.keySet() + ".");
		}
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("files.metadata.storage-grants.ttl must be positive.");
		}
		if (readTtl == null || readTtl.isNegative() || readTtl.isZero()) {
			throw new IllegalArgumentException("files.metadata.storage-grants.read-ttl must be positive.");
		}
		keys = Map.copyOf(keys);
	}

	/** Never the keys themselves. */
	@Override
	public String toString() {
		return "StorageGrantProperties[keys=" + new TreeMap<>(this.keys).keySet() + ", activeKey=" + this.activeKey
				+ ", ttl=" + this.ttl + ", readTtl=" + this.readTtl + "]";
	}

}
