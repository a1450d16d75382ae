package com.cloudstorage.files.storage.object;

import org.jspecify.annotations.Nullable;

/**
 * Base of the failures the {@link ObjectStore} reports; the web layer maps each to a
 * problem code.
 */
public abstract class ObjectStoreException extends RuntimeException {

	protected ObjectStoreException(String message) {
		super(message);
	}

	protected ObjectStoreException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Whether trying again later may succeed (the provider or a network path was down).
	 */
	public boolean retriable() {
		return false;
	}

}
