package com.cloudstorage.files.contracts;

/**
 * CloudEvents {@code ce_type} values; each ends in the event record's name and its major
 * version.
 */
public final class EventTypes {

	public static final String FILE_UPLOADED = "files.metadata.FileUploaded.v1";

	public static final String FILE_DELETED = "files.metadata.FileDeleted.v1";

	public static final String FILE_UPLOAD_EXPIRED = "files.metadata.FileUploadExpired.v1";

	public static final String FILE_ASSEMBLED = "files.metadata.FileAssembled.v1";

	public static final String LINK_CREATED = "files.metadata.LinkCreated.v1";

	public static final String LINK_RESET = "files.metadata.LinkReset.v1";

	public static final String LINK_REVOKED = "files.metadata.LinkRevoked.v1";

	public static final String DOCUMENT_STATUS_CHANGED = "documents.DocumentStatusChanged.v1";

	public static final String STORED_OBJECT_MISSING = "files.storage.StoredObjectMissing.v1";

	public static final String STORED_OBJECT_HASHED = "files.storage.StoredObjectHashed.v1";

	private EventTypes() {
	}

}
