package com.cloudstorage.files.contracts;

/** Kafka topic names shared by producers and consumers. */
public final class Topics {

	/**
	 * Every file's life: uploads, deletions, links. Key = file id, so a file's events
	 * stay in order.
	 */
	public static final String FILES = "files.v1";

	/** Events a consumer gave up on after its retries; kept, never lost. */
	public static final String FILES_DEAD_LETTER = "files.v1.dlt";

	/**
	 * Document status from the owning application (ERP, CRM). Key = {@code type/name}.
	 */
	public static final String DOCUMENTS = "documents.v1";

	/**
	 * Document events metadata-service cannot act on, with the reason in
	 * {@code dlt_reason}.
	 */
	public static final String DOCUMENTS_DEAD_LETTER = "documents.v1.dlt";

	/**
	 * What storage-service finds out about stored bytes on its own (the reconciler): an
	 * available file whose bytes are missing. Key = file id.
	 */
	public static final String STORAGE = "storage.v1";

	private Topics() {
	}

}
