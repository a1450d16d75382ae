package com.cloudstorage.files.kit.events;

import org.jspecify.annotations.Nullable;

/**
 * An event this consumer can never act on (unreadable, missing or absurd values, a key it
 * does not own): retrying cannot help, so it goes to the dead-letter topic at once with
 * this message as the reason.
 */
public class InvalidEventException extends RuntimeException {

	public InvalidEventException(String reason) {
		this(reason, null);
	}

	public InvalidEventException(String reason, @Nullable Throwable cause) {
		super(reason, cause, false, false);
	}

}
