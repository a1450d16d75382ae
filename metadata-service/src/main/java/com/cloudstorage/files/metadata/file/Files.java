package com.cloudstorage.files.metadata.file;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The stored files and their attachments; implemented by the persistence adapter. Calls
 * that change rows join the caller's transaction.
 */
public interface Files {

	/**
	 * A new PENDING file.
	 * @param completionGrantHash SHA-256 of the secret that may complete or abort it
	 */
	Mono<Void> insert(StoredFile file, String completionGrantHash);

	/** The file with its attachments, or empty. */
	Mono<StoredFile> findById(UUID id);

	/**
	 * Like {@link #findById(UUID)}, and locks the row until the transaction ends, so that
	 * concurrent changes of one file run one after the other.
	 */
	Mono<StoredFile> lockById(UUID id);

	/**
	 * Like {@link #lockById(UUID)}, only when the file's completion grant has this hash.
	 */
	Mono<StoredFile> lockByCompletionGrant(UUID id, String completionGrantHash);

	/**
	 * PENDING to AVAILABLE with what storage reported ({@code sha256} null: computed
	 * later, see {@link #recordSha256}).
	 */
	Mono<Void> complete(UUID id, String bucket, long size, @Nullable String sha256, @Nullable String etag,
			boolean privateFile, @Nullable String folder);

	/** The SHA-256 of an AVAILABLE file that had none. */
	Mono<Void> recordSha256(UUID id, String sha256);

	/**
	 * Moves a file from one status to another; false when it was not in {@code from} any
	 * more.
	 */
	Mono<Boolean> transition(UUID id, FileStatus from, FileStatus to, @Nullable String deletedBy);

	/** Marks stale reservations EXPIRED, skipping rows another replica is working on. */
	Flux<StoredFile> expirePending(Instant createdBefore, int limit);

	Mono<Void> replaceAttachments(UUID id, List<DocumentRef> documents);

	/** Idempotent: attaching twice leaves one row; true when a row was added. */
	Mono<Boolean> addAttachment(UUID id, DocumentRef document);

	/** True when the attachment existed. */
	Mono<Boolean> removeAttachment(UUID id, DocumentRef document);

	/** Removes every attachment of a file (it is being deleted). */
	Mono<Void> removeAllAttachments(UUID id);

	/**
	 * Takes a shared lock on each document the file is attached to, whether or not its
	 * status is known yet, until the transaction ends: a status change of one of them
	 * (which takes the lock exclusively) waits for this transaction, and this one waits
	 * for a change that is under way. Call it while holding the file's row lock.
	 */
	Mono<Void> lockAttachedDocuments(UUID id);

	/** The documents the file is attached to that are submitted. */
	Flux<DocumentRef> submittedDocumentsOf(UUID id);

	/**
	 * AVAILABLE files the subject owns or that are public, newest first, one more than
	 * asked to detect a next page.
	 */
	Mono<List<StoredFile>> list(FileQuery query);

}
