package com.cloudstorage.files.gateway.route;

/**
 * The client's request body broke (connection lost, truncated multipart): the client's
 * fault, so it must not count against a downstream circuit breaker.
 */
final class ClientBodyException extends RuntimeException {

	ClientBodyException(Throwable cause) {
		super("The request body ended early.", cause, false, false);
	}

	/**
	 * Whether the body broke somewhere in this failure: its causes, or any of several
	 * combined failures.
	 */
	static boolean isCause(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof ClientBodyException) {
				return true;
			}
			for (Throwable suppressed : t.getSuppressed()) {
				if (isCause(suppressed)) {
					return true;
				}
			}
		}
		return false;
	}

}
