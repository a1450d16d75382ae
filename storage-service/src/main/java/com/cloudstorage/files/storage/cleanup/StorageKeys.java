package com.cloudstorage.files.storage.cleanup;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The one form of object key this system creates, {@code <prefix>/<fileId>}: the workers
 * delete nothing else, whatever an event says.
 */
@Component
public class StorageKeys {

	private final String prefix;

	public StorageKeys(WorkerProperties properties) {
		this.prefix = properties.keyPrefix();
	}

	/** The prefix under which every object key lives, with its trailing slash. */
	public String listingPrefix() {
		return this.prefix + "/";
	}

	/** The key of a file's bytes. */
	public String keyOf(UUID fileId) {
		return listingPrefix() + fileId;
	}

	/**
	 * The file id a key belongs to, or {@code null} when the key is not of the form
	 * {@code <prefix>/<uuid>} (lowercase, canonical).
	 */
	public @Nullable UUID fileIdOf(String key) {
		if (!key.startsWith(listingPrefix())) {
			return null;
		}
		String rest = key.substring(listingPrefix().length());
		if (rest.length() != 36) {
			return null;
		}
		try {
			UUID id = UUID.fromString(rest);
			return id.toString().equals(rest) ? id : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
