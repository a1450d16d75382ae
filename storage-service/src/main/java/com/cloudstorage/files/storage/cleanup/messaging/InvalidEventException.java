package com.cloudstorage.files.storage.cleanup.messaging;

/**
 * A record that can never be applied (bad JSON, missing fields or headers): it goes to
 * the DLT at once.
 */
class InvalidEventException extends RuntimeException {

	InvalidEventException(String message) {
		super(message);
	}

	InvalidEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
