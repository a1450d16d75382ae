package com.cloudstorage.files.storage.object;

/** The object (or its bucket) does not exist. */
public class NoSuchObjectException extends ObjectStoreException {

	public NoSuchObjectException(String message) {
		super(message);
	}

	public NoSuchObjectException(String message, Throwable cause) {
		super(message, cause);
	}

}
