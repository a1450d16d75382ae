package com.cloudstorage.files.storage.security;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys that check metadata-service's storage grants.
 *
 * @param keys by key id (lower-case letters, digits and {@code -}): base64 of at least 32
 * random bytes each, the same as metadata-service's
 * {@code files.metadata.storage-grants.keys}. Keep a retired key until its grants have
 * expired (minutes for plain uploads, an upload session's lifetime for sessions). Only
 * the {@code local} profile has a development key; the byte API does not start without
 * one (the workers do not need it)
 */
@ConfigurationProperties("files.storage.grants")
public record StorageGrantProperties(Map<String, String> keys) {

	public StorageGrantProperties {
		keys = (keys != null) ? Map.copyOf(new TreeMap<>(keys)) : Map.of();
	}

	/** Never the keys themselves. */
	@Override
	public String toString() {
		return "StorageGrantProperties[keys=" + new TreeMap<>(this.keys).keySet() + "]";
	}

}
