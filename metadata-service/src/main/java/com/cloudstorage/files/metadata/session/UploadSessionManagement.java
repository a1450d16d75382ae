package com.cloudstorage.files.metadata.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemException;
import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.MetadataProperties;
import com.cloudstorage.files.metadata.file.Completion;
import com.cloudstorage.files.metadata.file.FileManagement;
import com.cloudstorage.files.metadata.file.NoSuchFileException;
import com.cloudstorage.files.metadata.file.StoredFile;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Opens, reads, completes, aborts and expires upload sessions. The file itself is
 * reserved, completed and aborted by {@link FileManagement} in the same transaction as
 * the session's change, so a session's file becomes AVAILABLE (with {@code FileUploaded}
 * in the outbox) exactly as a plain upload's does, and an aborted or expired one emits
 * {@code FileUploadExpired}, on which storage-service removes its parts.
 */
@Service
public class UploadSessionManagement {

	private static final Logger LOG = LoggerFactory.getLogger(UploadSessionManagement.class);

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private static final int EXPIRY_BATCH = 100;

	private static final long MIB = 1024 * 1024;

	private final UploadSessions sessions;

	private final FileManagement files;

	private final TransactionalOperator transactions;

	private final UploadSessionProperties properties;

	private final MetadataProperties metadata;

	UploadSessionManagement(UploadSessions sessions, FileManagement files, TransactionalOperator transactions,
			UploadSessionProperties properties, MetadataProperties metadata) {
		this.sessions = sessions;
		this.files = files;
		this.transactions = transactions;
		this.properties = properties;
		this.metadata = metadata;
	}

	/**
	 * Checks size and mode before anything is stored, then reserves the file and records
	 * the session in one transaction.
	 */
	public Mono<UploadSession> open(Caller caller, NewSession request) {
		return Mono.defer(() -> {
			UploadMode mode = UploadMode.of(request.mode());
			if (mode == null) {
				return Mono.error(new InvalidRequestException("mode must be \"direct\" or \"proxied\"."));
			}
			Long size = request.size();
			// 0 is an empty file: a session without parts, completed with an empty
			// object.
			if (size == null || size < 0) {
				return Mono.error(new InvalidRequestException("size is required and must not be negative."));
			}
			if (size > this.metadata.maxUploadBytes()) {
				return Mono.error(
						Problem
							.of(ProblemCode.ENTITY_TOO_LARGE,
									"The upload is larger than the limit of " + this.metadata.maxUploadBytes()
											+ " bytes.")
							.with("maxBytes", this.metadata.maxUploadBytes())
							.exception());
			}
			String sha256 = sha256(request.sha256());
			long partSize = partSize(size);
			int partCount = (int) ((size + partSize - 1) / partSize);
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			Mono<UploadSession> work = this.files.reserve(caller, request.upload()).flatMap((reservation) -> {
				UploadSession session = new UploadSession(UUID.randomUUID(), reservation.fileId(), caller.subject(),
						reservation.provider(), reservation.key(), mode, size, partSize, partCount, sha256,
						SessionState.OPEN, now, now.plus(this.properties.ttl()));
				return this.sessions.insert(session).thenReturn(session);
			});
			return this.transactions.transactional(work)
				.doOnEach(Traced.onNext((session) -> LOG.info("Opened {} upload session {} for file {} ({} parts).",
						mode.jsonName(), session.id(), session.fileId(), partCount)));
		});
	}

	/**
	 * The caller's open session: {@code 404 NoSuchUploadSession} when unknown, another
	 * caller's, completed or aborted; {@code 410 UploadSessionExpired} once expired.
	 */
	public Mono<UploadSession> get(Caller caller, UUID id) {
		return this.sessions.findById(id).flatMap((session) -> usable(caller, session)).switchIfEmpty(noSuch(id));
	}

	/**
	 * The caller's open session, or its completed one: a completion retried after its
	 * answer was lost finds that the session is done instead of {@code 404}.
	 */
	public Mono<UploadSession> getOpenOrCompleted(Caller caller, UUID id) {
		return this.sessions.findById(id)
			.flatMap((session) -> completedBy(caller, session) ? Mono.just(session) : usable(caller, session))
			.switchIfEmpty(noSuch(id));
	}

	/**
	 * Completes the session with what storage verified: the file becomes AVAILABLE and
	 * {@code FileUploaded} goes into the outbox, in one transaction with the session's
	 * change (for a direct session without an announced SHA-256 that storage did not
	 * compute: {@code FileAssembled}, and {@code FileUploaded} once it is computed).
	 * Idempotent: the caller's session completed already (its answer was lost, or another
	 * request completed it meanwhile) answers its file as it is now, and nothing changes,
	 * no second {@code FileUploaded}.
	 */
	public Mono<StoredFile> complete(Caller caller, UUID id, Completion stored) {
		Mono<StoredFile> work = this.sessions.lockById(id)
			.switchIfEmpty(noSuch(id))
			.flatMap((session) -> completedBy(caller, session) ? completedFile(caller, session)
					: usable(caller, session).switchIfEmpty(noSuch(id))
						.flatMap((open) -> completeOpen(caller, open, stored)));
		return this.transactions.transactional(work)
			.doOnEach(Traced.onNext((file) -> LOG.info("Completed upload session {} of file {}.", id, file.id())));
	}

	private Mono<StoredFile> completeOpen(Caller caller, UploadSession session, Completion stored) {
		if (stored.size() == null || stored.size() != session.size()) {
			return Mono.error(new ProblemException(ProblemCode.SIZE_MISMATCH,
					"The stored object has another size than the session announced."));
		}
		if (session.sha256() != null
				&& (stored.sha256() == null || !session.sha256().equals(stored.sha256().toLowerCase(Locale.ROOT)))) {
			return Mono.error(new ProblemException(ProblemCode.CHECKSUM_MISMATCH,
					"The stored object's SHA-256 is not the announced one."));
		}
		Completion completion = new Completion(stored.bucket(), stored.size(), stored.sha256(), stored.etag(), null,
				null, null);
		// A direct session without an announced SHA-256 may complete on the object's size
		// alone: storage-service reads it back afterwards, and FileUploaded follows then.
		boolean checksumLater = stored.sha256() == null && session.sha256() == null
				&& session.mode() == UploadMode.DIRECT;
		return this.sessions.transition(session.id(), SessionState.OPEN, SessionState.COMPLETED)
			.then(checksumLater ? this.files.completeAssembled(caller, session.fileId(), completion)
					: this.files.complete(caller, session.fileId(), completion));
	}

	/**
	 * The file of a session the caller completed before, as it is now; {@code 404
	 * NoSuchUploadSession} once that file is gone (deleted).
	 */
	private Mono<StoredFile> completedFile(Caller caller, UploadSession session) {
		return this.files.get(caller, session.fileId())
			.onErrorResume(NoSuchFileException.class, (ex) -> noSuch(session.id()))
			.doOnEach(Traced
				.onComplete(() -> LOG.info("Upload session {} was completed already; its file {} is answered again.",
						session.id(), session.fileId())));
	}

	private static boolean completedBy(Caller caller, UploadSession session) {
		return session.state() == SessionState.COMPLETED && session.owner().equals(caller.subject());
	}

	/**
	 * Makes {@code writer} the caller's session's one writer for the configured lease, or
	 * renews its lease. While another writer holds it: {@code 409 UploadOffsetMismatch}
	 * (the other request moves the offset on; the client asks HEAD once it ends).
	 */
	public Mono<Void> claimWriter(Caller caller, UUID id, UUID writer) {
		return get(caller, id).flatMap((session) -> {
			Instant now = Instant.now();
			return this.sessions.claimWriter(id, writer, now, now.plus(this.properties.writerLease()));
		})
			.flatMap((claimed) -> claimed ? Mono.<Void>empty()
					: Mono.error(new ProblemException(ProblemCode.UPLOAD_OFFSET_MISMATCH,
							"Another request is writing this upload; ask HEAD for its offset once it has ended.")));
	}

	/** Frees the caller's session when {@code writer} holds it; idempotent. */
	public Mono<Void> releaseWriter(Caller caller, UUID id, UUID writer) {
		return this.sessions.findById(id)
			.filter((session) -> session.owner().equals(caller.subject()))
			.switchIfEmpty(noSuch(id))
			.flatMap((session) -> this.sessions.releaseWriter(id, writer));
	}

	/**
	 * Aborts the caller's session and its file ({@code FileUploadExpired}: storage
	 * removes the parts). An expired session counts as aborted already.
	 */
	public Mono<Void> abort(Caller caller, UUID id) {
		Mono<Void> work = this.sessions.lockById(id)
			.filter((session) -> session.owner().equals(caller.subject()))
			.switchIfEmpty(noSuch(id))
			.flatMap((session) -> switch (session.state()) {
				case OPEN -> end(session, SessionState.ABORTED);
				case ABORTED, EXPIRED -> Mono.<Void>empty();
				case COMPLETED -> noSuch(id).then();
			});
		return this.transactions.transactional(work)
			.doOnEach(Traced.onComplete(() -> LOG.info("Aborted upload session {}.", id)));
	}

	/**
	 * Expires open sessions whose time passed, one batch per transaction.
	 * @return how many were expired
	 */
	public Mono<Long> expire(Instant now) {
		Mono<Long> work = this.sessions.lockExpired(now, EXPIRY_BATCH)
			.concatMap((session) -> end(session, SessionState.EXPIRED)
				.doOnSuccess(
						(ignored) -> LOG.info("Upload session {} of file {} expired.", session.id(), session.fileId()))
				.thenReturn(session))
			.count();
		return this.transactions.transactional(work);
	}

	private Mono<Void> end(UploadSession session, SessionState to) {
		// The file may have expired on its own meanwhile (pending-upload-ttl): then there
		// is
		// nothing left to abort.
		Caller owner = new Caller(session.owner(), Set.of());
		return this.sessions.transition(session.id(), SessionState.OPEN, to)
			.then(this.files.abort(owner, session.fileId())
				.onErrorResume(NoSuchFileException.class, (ex) -> Mono.empty()));
	}

	private Mono<UploadSession> usable(Caller caller, UploadSession session) {
		if (!session.owner().equals(caller.subject())
				|| (session.state() != SessionState.OPEN && session.state() != SessionState.EXPIRED)) {
			return Mono.empty();
		}
		if (session.expiredAt(Instant.now())) {
			return Mono.error(new ProblemException(ProblemCode.UPLOAD_SESSION_EXPIRED,
					"The upload session expired at " + session.expiresAt() + "; its parts are removed."));
		}
		return Mono.just(session);
	}

	private static <T> Mono<T> noSuch(UUID id) {
		return Mono
			.error(() -> new ProblemException(ProblemCode.NO_SUCH_UPLOAD_SESSION, "No upload session " + id + "."));
	}

	/**
	 * The configured part size, or larger (whole MiB) when the size needs too many parts.
	 */
	private long partSize(long size) {
		long partSize = this.properties.partSize().toBytes();
		long needed = (size + this.properties.maxParts() - 1) / this.properties.maxParts();
		if (needed > partSize) {
			partSize = ((needed + MIB - 1) / MIB) * MIB;
		}
		return partSize;
	}

	private static @Nullable String sha256(@Nullable String sha256) {
		if (sha256 == null) {
			return null;
		}
		String lower = sha256.toLowerCase(Locale.ROOT);
		if (!SHA256.matcher(lower).matches()) {
			throw new InvalidRequestException("sha256 must be 64 hexadecimal digits.");
		}
		return lower;
	}

}
