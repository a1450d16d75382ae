package com.cloudstorage.files.storage.cleanup.messaging;

import java.util.UUID;

/** What the workers make of one {@code files.v1} record. */
sealed interface FileEvent {

	/** A type the workers do not act on (other events, or ones added later). */
	record Ignored() implements FileEvent {
	}

	/** A file's bytes are complete under {@code key}. */
	record Uploaded(String eventId, UUID fileId, String provider, String key) implements FileEvent {
	}

	/**
	 * A file is available under {@code key} with {@code size} bytes whose SHA-256 nobody
	 * knows yet ({@code FileAssembled}): the workers read it back.
	 */
	record Assembled(String eventId, UUID fileId, String provider, String key, long size) implements FileEvent {
	}

	/**
	 * A file's bytes must leave the provider ({@code FileDeleted},
	 * {@code FileUploadExpired}).
	 */
	record Removal(String eventId, String type, UUID fileId, String provider, String key) implements FileEvent {
	}

}
