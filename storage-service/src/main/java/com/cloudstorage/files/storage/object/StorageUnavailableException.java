package com.cloudstorage.files.storage.object;

/** The provider cannot be reached or refuses to work; retrying later may succeed. */
public class StorageUnavailableException extends ObjectStoreException {

	public StorageUnavailableException(String message) {
		super(message);
	}

	public StorageUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
