package com.cloudstorage.files.metadata.file;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.events.v1.Attachment;
import com.cloudstorage.files.contracts.events.v1.FileAssembled;
import com.cloudstorage.files.contracts.events.v1.FileDeleted;
import com.cloudstorage.files.contracts.events.v1.FileUploadExpired;
import com.cloudstorage.files.contracts.events.v1.FileUploaded;
import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.MetadataProperties;
import com.cloudstorage.files.metadata.OpaqueTokens;
import com.cloudstorage.files.metadata.outbox.Outbox;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The file use cases: reserve, complete, abort, read, list, attach, delete. Each state
 * change that other services must hear about writes its event to the outbox in the same
 * transaction.
 */
@Service
public class FileManagement {

	private static final Logger LOG = LoggerFactory.getLogger(FileManagement.class);

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

	private static final int EXPIRY_BATCH = 100;

	private final Files files;

	private final SharingLinks links;

	private final Outbox outbox;

	private final TransactionalOperator transactions;

	private final MetadataProperties properties;

	public FileManagement(Files files, SharingLinks links, Outbox outbox, TransactionalOperator transactions,
			MetadataProperties properties) {
		this.files = files;
		this.links = links;
		this.outbox = outbox;
		this.transactions = transactions;
		this.properties = properties;
	}

	public Mono<Reservation> reserve(Caller caller, NewUpload upload) {
		return Mono.fromCallable(() -> {
			String nameProblem = FileNames.problemWithName(upload.name());
			if (nameProblem != null) {
				throw new InvalidFileNameException(nameProblem);
			}
			String contentType = (upload.contentType() == null || upload.contentType().isBlank()) ? DEFAULT_CONTENT_TYPE
					: upload.contentType();
			requireLabel("The content type", contentType);
			UUID id = UUID.randomUUID();
			String key = this.properties.keyPrefix() + "/" + id;
			return new StoredFile(id, upload.name(), contentType, null, null, null,
					!Boolean.FALSE.equals(upload.privateFile()), folder(upload.folder()), caller.subject(),
					this.properties.defaultProvider(), null, key, FileStatus.PENDING,
					Instant.now().truncatedTo(ChronoUnit.MICROS), List.of());
		}).flatMap((file) -> {
			List<DocumentRef> attachments = documents(upload.attachments());
			String grant = OpaqueTokens.newToken();
			Mono<Void> insert = this.files.insert(file, OpaqueTokens.hash(grant))
				.then(this.files.replaceAttachments(file.id(), attachments));
			return this.transactions.transactional(insert)
				.doOnEach(Traced.onComplete(() -> LOG.info("Reserved file {} for upload.", file.id())))
				.thenReturn(new Reservation(file.id(), file.provider(), file.key(), this.properties.maxUploadBytes(),
						grant));
		});
	}

	public Mono<StoredFile> complete(Caller caller, UUID id, Completion completion) {
		return Mono.defer(() -> completeValidated(pendingOf(caller, id), id, completion, false));
	}

	/**
	 * Completes a file whose object was joined and its size checked, but whose SHA-256 is
	 * not known yet (a direct upload session without an announced one: reading a large
	 * object back would hold up the completion): AVAILABLE without a SHA-256, and
	 * {@code FileAssembled} in the outbox instead of {@code FileUploaded}, which follows
	 * once storage-service has read the bytes back ({@link #checksumComputed}).
	 */
	public Mono<StoredFile> completeAssembled(Caller caller, UUID id, Completion completion) {
		return Mono.defer(() -> completeValidated(pendingOf(caller, id), id, completion, true));
	}

	/**
	 * What storage-service computed for a file completed by {@link #completeAssembled}:
	 * the SHA-256 is recorded and {@code FileUploaded} goes into the outbox, in one
	 * transaction. Anything else (the file has a SHA-256 already, is deleted, or the
	 * report is about another key or size) changes nothing, so a repeated report is
	 * harmless.
	 * @return whether the file took the SHA-256
	 */
	public Mono<Boolean> checksumComputed(UUID id, String provider, String key, long size, String sha256) {
		return Mono.defer(() -> {
			String lower = sha256.toLowerCase(Locale.ROOT);
			if (!SHA256.matcher(lower).matches()) {
				return Mono.error(new InvalidRequestException("sha256 must be 64 hexadecimal digits."));
			}
			Mono<Boolean> work = this.files.lockById(id)
				.filter((file) -> file.status() == FileStatus.AVAILABLE && file.sha256() == null)
				.flatMap((file) -> {
					if (!file.provider().equals(provider) || !file.key().equals(key) || file.size() == null
							|| file.size() != size) {
						return Traced
							.log(() -> LOG.error("The SHA-256 reported for file {} is of {} bytes under another key"
									+ " or size; kept without one.", id, size))
							.thenReturn(false);
					}
					return this.files.recordSha256(id, lower)
						.then(this.files.findById(id))
						.flatMap((done) -> this.outbox.append(id, EventTypes.FILE_UPLOADED, uploaded(done)))
						.thenReturn(true);
				})
				.defaultIfEmpty(false);
			return this.transactions.transactional(work)
				.doOnEach(Traced.onNext((taken) -> LOG.info("SHA-256 of file {} computed by storage-service: {}.", id,
						taken ? "recorded, FileUploaded" : "nothing to do")));
		});
	}

	/**
	 * Completes with the reservation's grant instead of a caller: a long transfer may
	 * outlive the access token it started with.
	 */
	public Mono<StoredFile> completeWithGrant(CompletionGrant grant, UUID id, Completion completion) {
		return Mono.defer(() -> completeValidated(pendingOf(grant, id), id, completion, false));
	}

	private Mono<StoredFile> completeValidated(Mono<StoredFile> pending, UUID id, Completion completion,
			boolean checksumLater) {
		if (completion.bucket() == null || completion.bucket().isBlank()) {
			return Mono.error(new InvalidRequestException("bucket is required."));
		}
		requireLabel("bucket", completion.bucket());
		String etagProblem = FileNames.problemWithText("etag", completion.etag());
		if (etagProblem != null) {
			return Mono.error(new InvalidRequestException(etagProblem));
		}
		if (completion.size() == null || completion.size() < 0) {
			return Mono.error(new InvalidRequestException("size is required and must not be negative."));
		}
		if (completion.size() > this.properties.maxUploadBytes()) {
			return Mono.error(new InvalidRequestException("size is over the upload limit."));
		}
		String sha256 = (completion.sha256() != null) ? completion.sha256().toLowerCase(Locale.ROOT) : "";
		if (checksumLater && !sha256.isEmpty()) {
			return Mono.error(new InvalidRequestException("A SHA-256 known at completion is not computed later."));
		}
		if (!checksumLater && !SHA256.matcher(sha256).matches()) {
			return Mono.error(new InvalidRequestException("sha256 must be 64 hexadecimal digits."));
		}
		@Nullable String recorded = checksumLater ? null : sha256;
		String folderOverride = folder(completion.folder());
		List<DocumentRef> attachments = (completion.attachments() != null) ? documents(completion.attachments()) : null;
		Mono<StoredFile> work = pending.flatMap((file) -> {
			boolean privateFile = (completion.privateFile() != null) ? completion.privateFile() : file.privateFile();
			String folder = (completion.folder() != null) ? folderOverride : file.folder();
			Mono<Void> update = this.files.complete(id, completion.bucket(), completion.size(), recorded,
					completion.etag(), privateFile, folder);
			if (attachments != null) {
				update = update.then(this.files.replaceAttachments(id, attachments));
			}
			return update.then(this.files.findById(id))
				.flatMap((done) -> (checksumLater ? this.outbox.append(id, EventTypes.FILE_ASSEMBLED, assembled(done))
						: this.outbox.append(id, EventTypes.FILE_UPLOADED, uploaded(done)))
					.thenReturn(done));
		});
		return this.transactions.transactional(work)
			.doOnEach(Traced.onComplete(() -> LOG.info("Completed upload of file {}.", id)));
	}

	public Mono<Void> abort(Caller caller, UUID id) {
		return abortLocked(this.files.lockById(id).filter((file) -> file.owner().equals(caller.subject())), id);
	}

	/** Aborts with the reservation's grant instead of a caller. */
	public Mono<Void> abortWithGrant(CompletionGrant grant, UUID id) {
		return abortLocked(this.files.lockByCompletionGrant(id, grant.hash()), id);
	}

	private Mono<Void> abortLocked(Mono<StoredFile> locked, UUID id) {
		Mono<Void> work = locked.switchIfEmpty(Mono.error(() -> new NoSuchFileException(id)))
			.flatMap((file) -> switch (file.status()) {
				case PENDING -> this.files.transition(id, FileStatus.PENDING, FileStatus.FAILED, null)
					.then(this.outbox.append(id, EventTypes.FILE_UPLOAD_EXPIRED, expired(file)))
					.doOnEach(Traced.onComplete(() -> LOG.info("Aborted upload of file {}.", id)));
				case FAILED, EXPIRED -> Mono.empty();
				default -> Mono.error(new NoSuchFileException("No pending upload " + id + "."));
			});
		return this.transactions.transactional(work);
	}

	/**
	 * Expires reservations created before the given time, one batch per transaction.
	 * @return how many were expired
	 */
	public Mono<Long> expireStaleUploads(Instant createdBefore) {
		Flux<StoredFile> expired = this.files.expirePending(createdBefore, EXPIRY_BATCH)
			.concatMap((file) -> this.outbox.append(file.id(), EventTypes.FILE_UPLOAD_EXPIRED, expired(file))
				.thenReturn(file));
		return this.transactions.transactional(expired)
			.doOnNext((file) -> LOG.info("Upload of file {} expired.", file.id()))
			.count();
	}

	/** A file the caller may read; {@link NoSuchFileException} otherwise. */
	public Mono<StoredFile> get(Caller caller, UUID id) {
		return this.files.findById(id)
			.filter((file) -> file.readableBy(caller.subject(), caller.admin()))
			.switchIfEmpty(Mono.error(() -> new NoSuchFileException(id)));
	}

	/**
	 * A file the caller may read, locked until the caller's transaction ends (changes of
	 * one file run one after the other); {@link NoSuchFileException} otherwise. Call it
	 * inside a transaction.
	 */
	public Mono<StoredFile> lockReadable(Caller caller, UUID id) {
		return this.files.lockById(id)
			.filter((file) -> file.readableBy(caller.subject(), caller.admin()))
			.switchIfEmpty(Mono.error(() -> new NoSuchFileException(id)));
	}

	public Mono<FilePage> list(FileQuery query) {
		return this.files.list(query).map((found) -> {
			if (found.size() <= query.limit()) {
				return new FilePage(found, null);
			}
			List<StoredFile> page = found.subList(0, query.limit());
			StoredFile last = page.get(page.size() - 1);
			return new FilePage(page, new FileCursor(last.createdAt(), last.id()));
		});
	}

	/**
	 * Deletes a file: DELETED and {@code FileDeleted} in one transaction, its sharing
	 * links revoked with it.
	 * @return the ids of the sharing links that died with the file
	 */
	public Mono<List<UUID>> delete(Caller caller, UUID id, boolean force) {
		Mono<List<UUID>> work = this.files.lockById(id)
			.filter((file) -> file.readableBy(caller.subject(), caller.admin()))
			.switchIfEmpty(Mono.error(() -> new NoSuchFileException(id)))
			.flatMap((file) -> requireManage(caller, file))
			// File row first, then its documents: attach, detach and complete lock only
			// the file, status changes only the document, so no lock cycle can form.
			.flatMap((file) -> this.files.lockAttachedDocuments(id).thenReturn(file))
			.flatMap((file) -> this.files.submittedDocumentsOf(id).collectList().flatMap((submitted) -> {
				if (!submitted.isEmpty() && !(force && caller.admin())) {
					return Mono.error(
							new FileAttachedToSubmittedDocumentException("The file is attached to submitted documents"
									+ (force ? "; force needs files:admin." : "."), submitted));
				}
				return this.files.transition(id, FileStatus.AVAILABLE, FileStatus.DELETED, caller.subject())
					.then(this.files.removeAllAttachments(id))
					.then(this.links.revokeAllOf(id))
					.flatMap(
							(revoked) -> this.outbox
								.append(id, EventTypes.FILE_DELETED,
										new FileDeleted(id, file.provider(), file.bucket(), file.key(),
												caller.subject()))
								.thenReturn(revoked))
					.doOnEach(Traced.onComplete(() -> LOG.info("Deleted file {}{}.", id,
							submitted.isEmpty() ? "" : " despite submitted documents (forced by an admin)")));
			}));
		return this.transactions.transactional(work);
	}

	/**
	 * Attaches under the file's row lock, so that a concurrent delete either sees the
	 * attachment or makes this call fail with {@link NoSuchFileException}.
	 */
	public Mono<StoredFile> attach(Caller caller, UUID id, DocumentRef document) {
		Mono<StoredFile> work = Mono.fromCallable(() -> document(document))
			.flatMap((valid) -> lockReadable(caller, id).flatMap((file) -> requireManage(caller, file))
				.flatMap((file) -> this.files.addAttachment(id, valid)))
			.then(this.files.findById(id));
		return this.transactions.transactional(work);
	}

	public Mono<Void> detach(Caller caller, UUID id, DocumentRef document) {
		Mono<Void> work = Mono.fromCallable(() -> document(document))
			.then(lockReadable(caller, id))
			.flatMap((file) -> requireManage(caller, file))
			.flatMap((file) -> this.files.removeAttachment(id, document))
			.flatMap((removed) -> removed ? Mono.<Void>empty()
					: Mono.error(new AttachmentNotFoundException("The file is not attached to that document.")));
		return this.transactions.transactional(work);
	}

	private Mono<StoredFile> pendingOf(Caller caller, UUID id) {
		return pending(this.files.lockById(id).filter((file) -> file.owner().equals(caller.subject())), id);
	}

	private Mono<StoredFile> pendingOf(CompletionGrant grant, UUID id) {
		return pending(this.files.lockByCompletionGrant(id, grant.hash()), id);
	}

	private static Mono<StoredFile> pending(Mono<StoredFile> locked, UUID id) {
		return locked.filter((file) -> file.status() == FileStatus.PENDING)
			.switchIfEmpty(Mono.error(() -> new NoSuchFileException("No pending upload " + id + ".")));
	}

	private static Mono<StoredFile> requireManage(Caller caller, StoredFile file) {
		return caller.mayManage(file.owner()) ? Mono.just(file)
				: Mono.error(new OperationForbiddenException("Only the owner or an admin may change this file."));
	}

	private static FileUploaded uploaded(StoredFile file) {
		List<Attachment> attachments = file.attachments()
			.stream()
			.map((attachment) -> new Attachment(attachment.type(), attachment.name()))
			.toList();
		return new FileUploaded(file.id(), file.name(), (file.size() != null) ? file.size() : 0L, file.contentType(),
				file.sha256(), file.privateFile(), file.folder(), file.owner(), file.provider(), file.bucket(),
				file.key(), attachments);
	}

	private static FileAssembled assembled(StoredFile file) {
		return new FileAssembled(file.id(), (file.size() != null) ? file.size() : 0L, file.provider(), file.bucket(),
				file.key(), file.name(), file.contentType());
	}

	private static FileUploadExpired expired(StoredFile file) {
		return new FileUploadExpired(file.id(), file.provider(), file.bucket(), file.key());
	}

	private static @Nullable String folder(@Nullable String folder) {
		String problem = FileNames.problemWithFolder(folder);
		if (problem != null) {
			throw new InvalidRequestException(problem);
		}
		return (folder == null || folder.isEmpty()) ? null : folder;
	}

	private static List<DocumentRef> documents(@Nullable List<DocumentRef> documents) {
		if (documents == null) {
			return List.of();
		}
		return documents.stream().map(FileManagement::document).distinct().toList();
	}

	private static DocumentRef document(@Nullable DocumentRef document) {
		if (document == null) {
			throw new InvalidRequestException("An attachment must name a document.");
		}
		requireLabel("The document type", document.type());
		requireLabel("The document name", document.name());
		return document;
	}

	private static void requireLabel(String what, @Nullable String value) {
		String problem = FileNames.problemWithLabel(what, value);
		if (problem != null) {
			throw new InvalidRequestException(problem);
		}
	}

}
