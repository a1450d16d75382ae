package com.cloudstorage.files.storage.security;

/**
 * A write or read of a key that metadata-service did not vouch for (no valid grant, or
 * the key's upload is over): {@code 403 Forbidden}. The refusal is logged where it
 * becomes the answer ({@link SecurityConfiguration#storageAccessProblems}), which runs
 * under the request's trace; the checks themselves need none.
 */
class AccessRefusedException extends RuntimeException {

	private final String action;

	private final String provider;

	private final String reason;

	/**
	 * @param detail what the caller is told
	 * @param action {@code "write to"} or {@code "read of"}
	 * @param provider the provider profile (never the key: it names a user's file)
	 * @param reason why, for the log line only
	 */
	AccessRefusedException(String detail, String action, String provider, String reason) {
		// No stack trace: an expected answer, not a bug.
		super(detail, null, false, false);
		this.action = action;
		this.provider = provider;
		this.reason = reason;
	}

	String action() {
		return this.action;
	}

	String provider() {
		return this.provider;
	}

	String reason() {
		return this.reason;
	}

}
