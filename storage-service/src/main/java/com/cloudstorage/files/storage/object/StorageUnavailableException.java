package com.cloudstorage.files.storage.object;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** The provider cannot be reached or refuses to work; retrying later may succeed. */
public class StorageUnavailableException extends ObjectStoreException {

	private final @Nullable Duration retryAfter;

	public StorageUnavailableException(String message) {
		this(message, null, null);
	}

	public StorageUnavailableException(String message, Throwable cause) {
		this(message, cause, null);
	}

	/**
	 * @param retryAfter when trying again makes sense (the provider's circuit is open),
	 * or {@code null} when unknown
	 */
	public StorageUnavailableException(String message, @Nullable Throwable cause, @Nullable Duration retryAfter) {
		super(message, cause);
		this.retryAfter = retryAfter;
	}

	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
