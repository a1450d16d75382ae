package com.cloudstorage.files.metadata.document;

/**
 * A status update older than the stored one was not applied; maps to 409
 * StaleDocumentUpdate with the stored status.
 */
public class StaleDocumentUpdateException extends RuntimeException {

	private final Document current;

	public StaleDocumentUpdateException(Document current) {
		super("The stored status of the document is newer than this update; it stays " + current.status().wire() + ".");
		this.current = current;
	}

	/** The document as stored. */
	public Document current() {
		return this.current;
	}

}
