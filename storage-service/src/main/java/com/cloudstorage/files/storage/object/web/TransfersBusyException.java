package com.cloudstorage.files.storage.object.web;

import java.time.Duration;

/** The instance runs as many transfers, or buffers as many bytes, as it may. */
class TransfersBusyException extends RuntimeException {

	private final Duration retryAfter;

	TransfersBusyException(Duration retryAfter) {
		super("Too many transfers in progress");
		this.retryAfter = retryAfter;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}
