package com.cloudstorage.files.localstack;

/**
 * One named part of the stack did not start; carries the end of its log so the user sees
 * why without opening files.
 */
public final class StartupFailure extends RuntimeException {

	private final String part;

	private final String logTail;

	StartupFailure(String part, String reason, String logTail) {
		super(part + " " + reason);
		this.part = part;
		this.logTail = logTail;
	}

	/** The service or server that failed, e.g. {@code storage-service}. */
	public String part() {
		return this.part;
	}

	/** The last lines of its log, or empty when it never started. */
	public String logTail() {
		return this.logTail;
	}

}
