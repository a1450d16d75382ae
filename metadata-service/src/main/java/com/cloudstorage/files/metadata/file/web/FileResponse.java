package com.cloudstorage.files.metadata.file.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import com.cloudstorage.files.metadata.file.FileAttachment;
import com.cloudstorage.files.metadata.file.StoredFile;

/** The File JSON clients see; never the object key or bucket. */
record FileResponse(UUID id, String name, @Nullable Long size, String contentType, @Nullable String sha256,
		@JsonProperty("private") boolean privateFile, @Nullable String folder, String owner, Instant createdAt,
		String status, List<FileAttachment> attachments,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable SharingLink sharingLink) {

	static FileResponse of(StoredFile file) {
		return new FileResponse(file.id(), file.name(), file.size(), file.contentType(), file.sha256(),
				file.privateFile(), file.folder(), file.owner(), file.createdAt(), file.status().name(),
				file.attachments(), null);
	}

	FileResponse withSharingLink(SharingLink link) {
		return new FileResponse(this.id, this.name, this.size, this.contentType, this.sha256, this.privateFile,
				this.folder, this.owner, this.createdAt, this.status, this.attachments, link);
	}

	/** Shown only to callers who may share the file. */
	record SharingLink(String url, Instant createdAt, @Nullable Instant expiresAt) {
	}

}
