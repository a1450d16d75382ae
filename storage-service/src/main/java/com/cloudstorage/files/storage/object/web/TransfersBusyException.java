package com.cloudstorage.files.storage.object.web;

import java.time.Duration;

import com.cloudstorage.files.storage.object.TransferBudget;

/** The instance runs as many transfers, or buffers as many bytes, as it may. */
class TransfersBusyException extends RuntimeException {

	private final Duration retryAfter;

	private final TransferBudget.Usage usage;

	TransfersBusyException(Duration retryAfter, TransferBudget.Usage usage) {
		super("Too many transfers in progress");
		this.retryAfter = retryAfter;
		this.usage = usage;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

	/** The budget as it was at the refusal, for the log line. */
	TransferBudget.Usage usage() {
		return this.usage;
	}

}
