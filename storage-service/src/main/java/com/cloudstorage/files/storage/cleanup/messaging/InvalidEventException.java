package com.cloudstorage.files.storage.cleanup.messaging;

/**
 * A record that can never be applied (unreadable, missing or bad fields or headers, a
 * target storage would never have created): it goes to the DLT at once, nothing is
 * deleted. The message is the reason; it never quotes the record.
 */
class InvalidEventException extends RuntimeException {

	InvalidEventException(String message) {
		super(message);
	}

	InvalidEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
