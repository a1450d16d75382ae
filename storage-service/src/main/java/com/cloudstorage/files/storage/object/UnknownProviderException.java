package com.cloudstorage.files.storage.object;

/** No provider profile has that name. */
public class UnknownProviderException extends ObjectStoreException {

	public UnknownProviderException(String message) {
		super(message);
	}

	public UnknownProviderException(String message, Throwable cause) {
		super(message, cause);
	}

}
