package com.cloudstorage.files.metadata.file;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The file aggregate as stored: user-facing metadata plus where its bytes live.
 */
public record StoredFile(UUID id, String name, String contentType, @Nullable Long size, @Nullable String sha256,
		@Nullable String etag, boolean privateFile, @Nullable String folder, String owner, String provider,
		@Nullable String bucket, String key, FileStatus status, Instant createdAt, List<FileAttachment> attachments) {

	public StoredFile {
		attachments = List.copyOf(attachments);
	}

	public StoredFile withAttachments(List<FileAttachment> attachments) {
		return new StoredFile(this.id, this.name, this.contentType, this.size, this.sha256, this.etag, this.privateFile,
				this.folder, this.owner, this.provider, this.bucket, this.key, this.status, this.createdAt,
				attachments);
	}

	/** Available, and the caller owns it, is an admin, or it is public. */
	public boolean readableBy(String subject, boolean admin) {
		return this.status == FileStatus.AVAILABLE && (admin || !this.privateFile || this.owner.equals(subject));
	}

}
