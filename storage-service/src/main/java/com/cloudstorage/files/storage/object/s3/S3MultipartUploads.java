package com.cloudstorage.files.storage.object.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.presigner.model.PresignedUploadPartRequest;

import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.storage.object.MultipartUploadException;
import com.cloudstorage.files.storage.object.MultipartUploadException.Kind;
import com.cloudstorage.files.storage.object.MultipartUploads;
import com.cloudstorage.files.storage.object.StoredObject;
import com.cloudstorage.files.storage.upload.UploadSession;
import com.cloudstorage.files.storage.upload.UploadSessions;

/**
 * {@link MultipartUploads} on the profile's {@code S3AsyncClient} and presigner. The
 * upload id of a key is kept in {@code upload_session} (as for streamed uploads), so the
 * sweeper and the reconciler treat a session's parts like any upload in progress, and
 * {@code FileUploadExpired} aborts it.
 */
class S3MultipartUploads implements MultipartUploads {

	private static final Logger LOG = LoggerFactory.getLogger(S3MultipartUploads.class);

	/**
	 * User metadata every object a session assembles carries (set when the multipart
	 * upload starts, so the provider copies it onto the joined object). It tells a joined
	 * object from anything else under the key, such as a TUS tail staged there.
	 */
	static final Map<String, String> ASSEMBLED = Map.of("files-assembled", "multipart");

	private final S3Providers providers;

	private final UploadSessions sessions;

	private final MultipartCompletionProperties completion;

	S3MultipartUploads(S3Providers providers, UploadSessions sessions, MultipartCompletionProperties completion) {
		this.providers = providers;
		this.sessions = sessions;
		this.completion = completion;
	}

	@Override
	public Mono<Void> start(String providerName, String key) {
		return Mono.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			Mono<String> create = this.sessions.writing(providerName, key)
				.then(call(provider, provider.timeouts().call(),
						() -> provider.client()
							.createMultipartUpload((r) -> r.bucket(provider.bucket()).key(key).metadata(ASSEMBLED))))
				.flatMap((response) -> this.sessions
					.started(
							new UploadSession(response.uploadId(), providerName, provider.bucket(), key, Instant.now()))
					.thenReturn(response.uploadId()));
			return this.sessions.forKey(providerName, key)
				.next()
				.map(UploadSession::uploadId)
				.switchIfEmpty(create)
				.doOnEach(Traced.onNext((id) -> LOG.info("Multipart upload of {} is open.", key)))
				.then();
		}).onErrorResume((ex) -> S3Errors.failed(ex, "start multipart upload"));
	}

	@Override
	public Mono<UploadedPart> uploadPart(String providerName, String key, int partNumber, ByteBuffer bytes) {
		return Mono.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			long length = bytes.remaining();
			Duration attempt = provider.timeouts().attemptFor(length);
			Duration whole = provider.timeouts().callFor(length);
			return uploadId(provider,
					key)
				.flatMap((uploadId) -> call(provider, whole,
						() -> provider.client()
							.uploadPart((r) -> r.bucket(provider.bucket())
								.key(key)
								.uploadId(uploadId)
								.partNumber(partNumber)
								.contentLength(length)
								.overrideConfiguration((o) -> o.apiCallAttemptTimeout(attempt).apiCallTimeout(whole)),
									AsyncRequestBody.fromByteBufferUnsafe(bytes))))
				.map((response) -> new UploadedPart(partNumber, length, response.eTag()));
		}).onErrorResume((ex) -> S3Errors.failed(() -> translate(ex, "upload part")));
	}

	@Override
	public Flux<UploadedPart> listParts(String providerName, String key) {
		return Flux.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			return uploadId(provider, key).flatMapMany((uploadId) -> Flux
				.from(provider.client()
					.listPartsPaginator((r) -> r.bucket(provider.bucket()).key(key).uploadId(uploadId)))
				.transformDeferred(CircuitBreakerOperator.of(provider.breaker()))
				.timeout(provider.timeouts().call().plusSeconds(1))
				.concatMapIterable((page) -> page.parts())
				.map((part) -> new UploadedPart(part.partNumber(), part.size(), part.eTag())));
		}).onErrorResume((ex) -> S3Errors.failed(() -> translate(ex, "list parts")));
	}

	@Override
	public Mono<List<PresignedPart>> presignParts(String providerName, String key, List<PartSlot> parts, Duration ttl) {
		return Mono.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			return uploadId(provider, key).map((uploadId) -> {
				List<PresignedPart> urls = new ArrayList<>(parts.size());
				for (PartSlot part : parts) {
					// Signed with the part's length: a provider that checks signed
					// headers refuses a longer (or shorter) body.
					PresignedUploadPartRequest presigned = provider.presigner()
						.presignUploadPart((p) -> p.signatureDuration(ttl)
							.uploadPartRequest((r) -> r.bucket(provider.bucket())
								.key(key)
								.uploadId(uploadId)
								.partNumber(part.partNumber())
								.contentLength(part.size())));
					urls.add(new PresignedPart(part.partNumber(), toUri(presigned), presigned.expiration()));
				}
				return List.copyOf(urls);
			});
		}).onErrorResume((ex) -> S3Errors.failed(() -> translate(ex, "presign parts")));
	}

	private static java.net.URI toUri(PresignedUploadPartRequest presigned) {
		try {
			return presigned.url().toURI();
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException("The presigner made an invalid URL", ex);
		}
	}

	@Override
	public Mono<StoredObject> complete(String providerName, String key, ExpectedObject expected) {
		return Mono.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			return this.sessions.forKey(provider.name(), key)
				.next()
				.map((session) -> Optional.of(session.uploadId()))
				.defaultIfEmpty(Optional.empty())
				.flatMap((open) -> open.isEmpty() ? joinedBefore(provider, key, expected)
						: completeOpen(provider, providerName, key, open.get(), expected));
		}).onErrorResume((ex) -> S3Errors.failed(() -> translate(ex, "complete multipart upload")));
	}

	private Mono<StoredObject> completeOpen(S3Provider provider, String providerName, String key, String uploadId,
			ExpectedObject expected) {
		return listParts(providerName, key).collectList()
			.flatMap((listed) -> checkParts(provider, key, uploadId, listed, expected))
			// Only an empty session (no part announced) has no part to join.
			.flatMap((parts) -> parts.isEmpty() ? completeEmpty(provider, key, uploadId, expected)
					: join(provider, key, uploadId, parts, expected))
			// The provider joined the parts, but this service never heard (its answer was
			// lost, or a concurrent completion won): the upload is gone (S3 says
			// NoSuchUpload; S3Proxy lists no parts), the object may be there.
			.onErrorResume(S3MultipartUploads::isNoSuchUpload,
					(ex) -> this.sessions.ended(uploadId).then(joinedBefore(provider, key, expected)))
			.onErrorResume(S3MultipartUploads::isMissingParts,
					(ex) -> assembled(provider, key).flatMap(
							(head) -> this.sessions.ended(uploadId).then(verifyAgain(provider, key, expected, head)))
						.switchIfEmpty(Mono.error(ex)));
	}

	/**
	 * A completion asked again after an earlier one joined the parts and then failed (the
	 * read-back, metadata-service or the caller timed out): no multipart upload is open
	 * any more, but the object it assembled is under the key. It is read back and checked
	 * like a first completion, so the retry finishes the session instead of failing.
	 * Anything else under the key (no object, one this service did not assemble) means
	 * there is no upload to complete.
	 */
	private Mono<StoredObject> joinedBefore(S3Provider provider, String key, ExpectedObject expected) {
		return assembled(provider, key).switchIfEmpty(Mono.error(
				() -> new MultipartUploadException(Kind.NO_SUCH_UPLOAD, "No multipart upload is open for this key.")))
			.flatMap((head) -> verifyAgain(provider, key, expected, head));
	}

	/** The object under the key if this service assembled it (see {@link #ASSEMBLED}). */
	private Mono<HeadObjectResponse> assembled(S3Provider provider, String key) {
		return call(provider, provider.timeouts().call(),
				() -> provider.client().headObject((r) -> r.bucket(provider.bucket()).key(key)))
			.onErrorResume((ex) -> S3Errors.hasStatus(ex, 404), (ex) -> Mono.empty())
			.filter((head) -> ASSEMBLED.entrySet()
				.stream()
				.allMatch((entry) -> entry.getValue().equals(head.metadata().get(entry.getKey()))));
	}

	private Mono<StoredObject> verifyAgain(S3Provider provider, String key, ExpectedObject expected,
			HeadObjectResponse head) {
		return Traced.log(() -> LOG.info("The parts of {} were joined before; checking the object again.", key))
			.then(expected.checksumLater() ? checkSize(provider, key, expected, head)
					: verify(provider, key, expected, head.eTag()));
	}

	/**
	 * The assembled object's size as the provider reports it (HEAD), without reading it
	 * back: its SHA-256 is computed later by the workers ({@code FileAssembled}).
	 */
	private Mono<StoredObject> checkSize(S3Provider provider, String key, ExpectedObject expected,
			HeadObjectResponse head) {
		Long size = head.contentLength();
		if (size == null || size != expected.size()) {
			return removeObject(provider, key).then(Mono.error(new MultipartUploadException(Kind.SIZE_MISMATCH,
					"The object has another size than announced; it was removed.")));
		}
		return Traced
			.log(() -> LOG.info("Completed multipart upload of {} ({} bytes, size checked; SHA-256 computed later).",
					key, size))
			.thenReturn(new StoredObject(provider.bucket(), key, size, null, head.eTag()));
	}

	@Override
	public Mono<StoredObject> readBack(String providerName, String key, long size) {
		return Mono.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			MessageDigest digest = sha256();
			AtomicLong read = new AtomicLong();
			AtomicReference<String> etag = new AtomicReference<>();
			return call(provider, provider.timeouts().call(),
					() -> provider.client()
						.getObject((r) -> r.bucket(provider.bucket()).key(key), AsyncResponseTransformer.toPublisher()))
				.flatMap((publisher) -> {
					etag.set(publisher.response().eTag());
					return Flux.from(publisher).doOnNext((buffer) -> {
						read.addAndGet(buffer.remaining());
						digest.update(buffer);
					}).then();
				})
				.timeout(this.completion.verifyBudget(provider.timeouts().call(), size))
				.then(Mono.fromSupplier(() -> new StoredObject(provider.bucket(), key, read.get(),
						HexFormat.of().formatHex(digest.digest()), String.valueOf(etag.get()))));
		}).onErrorResume((ex) -> S3Errors.failed(() -> translate(ex, "read back")));
	}

	private static boolean isMissingParts(Throwable ex) {
		return ex instanceof MultipartUploadException multipart && multipart.kind() == Kind.MISSING_PARTS;
	}

	private static boolean isNoSuchUpload(Throwable ex) {
		return (ex instanceof MultipartUploadException multipart && multipart.kind() == Kind.NO_SUCH_UPLOAD)
				|| S3Errors.hasCode(ex, "NoSuchUpload");
	}

	/**
	 * An empty file: S3 cannot complete an upload without parts, so the upload is aborted
	 * and an empty object is put under the key.
	 */
	private Mono<StoredObject> completeEmpty(S3Provider provider, String key, String uploadId,
			ExpectedObject expected) {
		String emptySha256 = HexFormat.of().formatHex(sha256().digest());
		if (expected.sha256() != null && !expected.sha256().equals(emptySha256)) {
			return abortUpload(provider, key, uploadId)
				.then(Mono.error(new MultipartUploadException(Kind.CHECKSUM_MISMATCH,
						"The announced SHA-256 is not the empty file's; the upload was aborted.")));
		}
		return abortUpload(provider, key, uploadId)
			.then(call(provider, provider.timeouts().call(),
					() -> provider.client()
						.putObject((r) -> r.bucket(provider.bucket()).key(key).contentLength(0L).metadata(ASSEMBLED),
								AsyncRequestBody.empty())))
			.doOnEach(Traced.onNext((response) -> LOG.info("Completed the empty upload of {}.", key)))
			.map((response) -> new StoredObject(provider.bucket(), key, 0, emptySha256, response.eTag()));
	}

	/**
	 * Joins the parts and reads the object back. The join's budget grows with the size as
	 * well as the parts: a provider may copy every byte while joining.
	 */
	private Mono<StoredObject> join(S3Provider provider, String key, String uploadId, List<CompletedPart> parts,
			ExpectedObject expected) {
		Duration whole = this.completion.joinBudget(provider.timeouts().call(), parts.size(), expected.size());
		return call(provider, whole,
				() -> provider.client()
					.completeMultipartUpload((r) -> r.bucket(provider.bucket())
						.key(key)
						.uploadId(uploadId)
						.multipartUpload((m) -> m.parts(parts))
						.overrideConfiguration((o) -> o.apiCallAttemptTimeout(whole).apiCallTimeout(whole))))
			.flatMap((response) -> this.sessions.ended(uploadId).thenReturn(response.eTag()))
			.flatMap((etag) -> expected.checksumLater()
					? assembled(provider, key)
						.switchIfEmpty(Mono.error(() -> new MultipartUploadException(Kind.NO_SUCH_UPLOAD,
								"The joined object is not under the key.")))
						.flatMap((head) -> checkSize(provider, key, expected, head))
					: verify(provider, key, expected, etag));
	}

	/**
	 * The parts to complete with: every part 1..partCount with its announced size.
	 * Missing parts leave the upload open (the client may still send them); parts of
	 * another size or beyond the count cannot make the announced object, so the upload is
	 * aborted.
	 */
	private Mono<List<CompletedPart>> checkParts(S3Provider provider, String key, String uploadId,
			List<UploadedPart> listed, ExpectedObject expected) {
		Map<Integer, UploadedPart> byNumber = new TreeMap<>();
		listed.forEach((part) -> byNumber.put(part.partNumber(), part));
		List<Integer> missing = new ArrayList<>();
		List<Integer> wrong = new ArrayList<>();
		List<CompletedPart> parts = new ArrayList<>();
		for (int number = 1; number <= expected.partCount(); number++) {
			UploadedPart part = byNumber.get(number);
			if (part == null) {
				missing.add(number);
			}
			else if (part.size() != expected.sizeOfPart(number)) {
				wrong.add(number);
			}
			else {
				parts.add(CompletedPart.builder().partNumber(number).eTag(part.etag()).build());
			}
		}
		byNumber.keySet().stream().filter((number) -> number > expected.partCount()).forEach(wrong::add);
		if (!wrong.isEmpty()) {
			return abortUpload(provider, key, uploadId).then(Mono.error(new MultipartUploadException(Kind.SIZE_MISMATCH,
					"Parts do not have the announced sizes; the upload was aborted.", wrong)));
		}
		if (!missing.isEmpty()) {
			return Mono.error(new MultipartUploadException(Kind.MISSING_PARTS, "Parts are missing.", missing));
		}
		return Mono.just(parts);
	}

	/**
	 * Reads the assembled object back through a digest: the provider's own checksums of a
	 * multipart object are not a SHA-256 of its bytes. Memory stays at the client's read
	 * buffers, whatever the size. The whole read gets a budget scaled by the size; past
	 * it the completion fails with StorageUnavailable and the file stays unavailable (the
	 * session's expiry removes the bytes).
	 */
	private Mono<StoredObject> verify(S3Provider provider, String key, ExpectedObject expected, String etag) {
		MessageDigest digest = sha256();
		AtomicLong size = new AtomicLong();
		return call(provider, provider.timeouts().call(),
				() -> provider.client()
					.getObject((r) -> r.bucket(provider.bucket()).key(key), AsyncResponseTransformer.toPublisher()))
			.flatMap((publisher) -> Flux.from(publisher).doOnNext((buffer) -> {
				size.addAndGet(buffer.remaining());
				digest.update(buffer);
			}).then())
			.timeout(this.completion.verifyBudget(provider.timeouts().call(), expected.size()))
			.then(Mono.defer(() -> {
				String sha256 = HexFormat.of().formatHex(digest.digest());
				if (size.get() != expected.size()) {
					return removeObject(provider, key).then(Mono.error(new MultipartUploadException(Kind.SIZE_MISMATCH,
							"The object has another size than announced; it was removed.")));
				}
				if (expected.sha256() != null && !expected.sha256().equals(sha256)) {
					return removeObject(provider, key)
						.then(Mono.error(new MultipartUploadException(Kind.CHECKSUM_MISMATCH,
								"The object's SHA-256 is not the announced one; it was removed.")));
				}
				return Traced.log(() -> LOG.info("Completed multipart upload of {} ({} bytes).", key, size.get()))
					.thenReturn(new StoredObject(provider.bucket(), key, size.get(), sha256, etag));
			}));
	}

	@Override
	public Mono<Void> abort(String providerName, String key) {
		return Mono.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			return this.sessions.forKey(providerName, key)
				.concatMap((session) -> abortUpload(provider, key, session.uploadId()))
				.then();
		}).onErrorResume((ex) -> S3Errors.failed(ex, "abort multipart upload"));
	}

	private Mono<Void> abortUpload(S3Provider provider, String key, String uploadId) {
		return call(provider, provider.timeouts().call(),
				() -> provider.client()
					.abortMultipartUpload((r) -> r.bucket(provider.bucket()).key(key).uploadId(uploadId)))
			.then()
			// Gone already: aborted or completed before.
			.onErrorResume((ex) -> S3Errors.hasStatus(ex, 404), (ex) -> Mono.empty())
			.then(this.sessions.ended(uploadId))
			.doOnEach(Traced.onComplete(() -> LOG.info("Aborted multipart upload of {}.", key)));
	}

	private Mono<Void> removeObject(S3Provider provider, String key) {
		return call(provider, provider.timeouts().call(),
				() -> provider.client().deleteObject((r) -> r.bucket(provider.bucket()).key(key)))
			.then()
			// FileUploadExpired, sent when the session is aborted, removes it again.
			.onErrorResume((ex) -> Traced.log(() -> LOG.warn("Could not remove {} after a failed check: {}", key,
					ex.getClass().getSimpleName())));
	}

	private Mono<String> uploadId(S3Provider provider, String key) {
		return this.sessions.forKey(provider.name(), key)
			.next()
			.map(UploadSession::uploadId)
			.switchIfEmpty(Mono.error(() -> new MultipartUploadException(Kind.NO_SUCH_UPLOAD,
					"No multipart upload is open for this key.")));
	}

	private static Throwable translate(Throwable ex, String operation) {
		if (S3Errors.hasCode(ex, "NoSuchUpload")) {
			return new MultipartUploadException(Kind.NO_SUCH_UPLOAD, "The multipart upload no longer exists.");
		}
		return S3Errors.translate(ex, operation);
	}

	private static <T> Mono<T> call(S3Provider provider, Duration callTimeout, Supplier<CompletableFuture<T>> call) {
		return Mono.fromFuture(call)
			.timeout(callTimeout.plusSeconds(1))
			.transformDeferred(CircuitBreakerOperator.of(provider.breaker()));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

}
