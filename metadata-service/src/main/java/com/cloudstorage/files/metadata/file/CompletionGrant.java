package com.cloudstorage.files.metadata.file;

import com.cloudstorage.files.metadata.OpaqueTokens;

/**
 * The secret a reservation hands to the gateway; whoever holds it may complete or abort
 * that one pending upload, and nothing else.
 *
 * @param secret the grant as sent in the {@code Upload-Grant} header
 */
public record CompletionGrant(String secret) {

	/** Longer than any grant this service issues; anything longer cannot match. */
	private static final int MAX_LENGTH = 128;

	String hash() {
		return (this.secret.length() <= MAX_LENGTH) ? OpaqueTokens.hash(this.secret) : "";
	}

}
