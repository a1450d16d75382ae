package com.cloudstorage.files.storage.object.s3;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

import com.cloudstorage.files.kit.presign.Presigning;
import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.storage.object.ByteRange;
import com.cloudstorage.files.storage.object.IncompleteBodyException;
import com.cloudstorage.files.storage.object.ListedObject;
import com.cloudstorage.files.storage.object.ObjectContent;
import com.cloudstorage.files.storage.object.ObjectStore;
import com.cloudstorage.files.storage.object.ObjectStoreException;
import com.cloudstorage.files.storage.object.OpenMultipartUpload;
import com.cloudstorage.files.storage.object.Part;
import com.cloudstorage.files.storage.object.Parts;
import com.cloudstorage.files.storage.object.PresignedDownload;
import com.cloudstorage.files.storage.object.RangeNotSatisfiableException;
import com.cloudstorage.files.storage.object.StorageUnavailableException;
import com.cloudstorage.files.storage.object.StoredObject;
import com.cloudstorage.files.storage.upload.UploadSession;
import com.cloudstorage.files.storage.upload.UploadSessions;

/**
 * {@link ObjectStore} on the AWS SDK's
 * {@link software.amazon.awssdk.services.s3.S3AsyncClient}. Every call goes through the
 * profile's circuit breaker and has a bounded duration; an open breaker fails a call at
 * once, and an upload before its body is read.
 */
class S3ObjectStore implements ObjectStore {

	private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

	/**
	 * Chunk size of a streamed PUT's body: at most a few of them are held at once (one
	 * filling, one or two being written), far below the two parts the admission reserves.
	 */
	private static final int STREAM_CHUNK = 1024 * 1024;

	private final S3Providers providers;

	private final UploadSessions sessions;

	private final int partSize;

	private final long singlePutMaxSize;

	private final Duration presignTtl;

	S3ObjectStore(S3Providers providers, UploadSessions sessions, int partSize, long singlePutMaxSize,
			Duration presignTtl) {
		this.providers = providers;
		this.sessions = sessions;
		this.partSize = partSize;
		this.singlePutMaxSize = singlePutMaxSize;
		this.presignTtl = presignTtl;
	}

	@Override
	public Mono<StoredObject> put(String providerName, String key, Flux<ByteBuffer> body, long declaredLength,
			long maxBytes) {
		return Mono.deferContextual((context) -> {
			S3Provider provider = this.providers.get(providerName);
			if (!callPermitted(provider.breaker())) {
				return Mono.error(circuitOpen(provider));
			}
			Parts.Tally tally = new Parts.Tally();
			Upload upload = new Upload(provider, key);
			// Body errors that are not ours (connection reset, premature close) mean the
			// body ended early.
			Flux<ByteBuffer> guarded = body.onErrorMap((ex) -> !(ex instanceof ObjectStoreException),
					(ex) -> new IncompleteBodyException("Body ended early", ex));
			if (declaredLength > this.partSize && declaredLength <= this.singlePutMaxSize) {
				return this.sessions.writing(providerName, key)
					.then(streamedPut(upload, guarded, declaredLength, maxBytes, tally))
					.map((etag) -> new StoredObject(provider.bucket(), key, tally.size(), tally.sha256Hex(), etag))
					.onErrorResume((ex) -> S3Errors.failed(ex, "upload"));
			}
			upload.id = createUpload(upload).cache();
			// No prefetch: the next part is requested only when the previous one is sent,
			// so one part is sent while at most one more fills (Parts.bufferBound).
			Mono<Void> writes = Parts.split(guarded, this.partSize, maxBytes, declaredLength, tally)
				.concatMap((part) -> writePart(upload, part), 0)
				.then();
			if (declaredLength > this.partSize) {
				// Known to be multipart: create the upload while the first part arrives,
				// so
				// a provider that hangs is found without waiting for a whole part.
				writes = Mono.when(upload.id, writes);
			}
			// Recorded before any byte: the reconciler must never take these bytes for
			// an orphan while their file's event is still on its way.
			return this.sessions.writing(providerName, key)
				.then(writes)
				.then(Mono.defer(() -> complete(upload)))
				.map((etag) -> new StoredObject(provider.bucket(), key, tally.size(), tally.sha256Hex(), etag))
				.onErrorResume((ex) -> abortAndWait(upload, ex, context).then(S3Errors.failed(ex, "upload")))
				.doOnCancel(() -> abort(upload, context));
		});
	}

	/**
	 * Whether the breaker lets a call through now; asks without keeping the permission,
	 * so a half-open breaker keeps its trial calls for the calls themselves.
	 */
	private static boolean callPermitted(CircuitBreaker breaker) {
		if (!breaker.tryAcquirePermission()) {
			return false;
		}
		breaker.releasePermission();
		return true;
	}

	private static StorageUnavailableException circuitOpen(S3Provider provider) {
		long openMillis = provider.breaker().getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		return new StorageUnavailableException("Provider circuit open", null, Duration.ofMillis(openMillis));
	}

	/** One SDK call, through the profile's breaker and within its call timeout. */
	private static <T> Mono<T> call(S3Provider provider, Duration callTimeout, Supplier<CompletableFuture<T>> call) {
		// The SDK's own call timeout normally fires first; this one also covers time
		// spent before the SDK starts its clock (credentials, signing).
		return Mono.fromFuture(call)
			.timeout(callTimeout.plusSeconds(1))
			.transformDeferred(CircuitBreakerOperator.of(provider.breaker()));
	}

	private static <T> Mono<T> call(S3Provider provider, Supplier<CompletableFuture<T>> call) {
		return call(provider, provider.timeouts().call(), call);
	}

	private static <T> Flux<T> calls(S3Provider provider, Publisher<T> pages) {
		return Flux.from(pages).transformDeferred(CircuitBreakerOperator.of(provider.breaker()));
	}

	/**
	 * One PUT whose body is the client's, streamed through as it arrives: no part is
	 * held, and there is no completion step (which on some providers copies the whole
	 * object once more). The body cannot be replayed, so once the provider asked for it
	 * the call is not tried again; a failed PUT leaves no object behind. The provider
	 * sees exactly {@code declaredLength} bytes or the call fails (a shorter body is
	 * {@link IncompleteBodyException}, a longer one {@code EntityTooLargeException}).
	 * Sent without the SDK where the profile needs no checksum of it
	 * ({@link DirectPuts}).
	 */
	private Mono<String> streamedPut(Upload upload, Flux<ByteBuffer> body, long declaredLength, long maxBytes,
			Parts.Tally tally) {
		S3Provider provider = upload.provider;
		Duration whole = provider.timeouts().callFor(declaredLength);
		// Gathered into chunks of STREAM_CHUNK: sent buffer by buffer, each small network
		// buffer would cost a write and a flush (with the SDK, also a hop to its event
		// loop: profiled at a third of the upload's CPU).
		AtomicBoolean asked = new AtomicBoolean();
		Sinks.Empty<Void> handedOver = Sinks.empty();
		Flux<Part> chunks = Parts.split(body, STREAM_CHUNK, Math.min(maxBytes, declaredLength), declaredLength, tally)
			.concatWith(Mono.defer(() -> (tally.size() < declaredLength)
					? Mono.error(new IncompleteBodyException("Body shorter than its declared length")) : Mono.empty()))
			.doOnRequest((n) -> asked.set(true))
			.doOnComplete(handedOver::tryEmitEmpty);
		DirectPuts direct = provider.puts();
		Mono<String> put = (direct != null) ? direct.put(upload.key, declaredLength, chunks)
				: putThroughSdk(upload, chunks, declaredLength);
		// Bounded like a call without a body at both ends, not by the time the whole body
		// may take: the provider must ask for the bytes (100-continue) within one
		// attempt, and answer within one more once it has them all. In between, the
		// client's write timeout catches a provider that stops reading.
		Duration oneAttempt = provider.timeouts().attempt();
		Mono<Long> notAsked = Mono.delay(oneAttempt).flatMap((tick) -> asked.get() ? Mono.never() : Mono.just(tick));
		Mono<Long> notAnswered = handedOver.asMono().then(Mono.delay(oneAttempt));
		Flux<Long> overdue = Flux.merge(notAsked, notAnswered);
		return put.timeout(overdue)
			.timeout(whole.plusSeconds(1))
			.transformDeferred(CircuitBreakerOperator.of(provider.breaker()));
	}

	/**
	 * Through the SDK, which adds the request's checksums when the profile asks for them.
	 */
	private static Mono<String> putThroughSdk(Upload upload, Flux<Part> chunks, long declaredLength) {
		S3Provider provider = upload.provider;
		Duration attempt = provider.timeouts().attemptFor(declaredLength);
		Duration whole = provider.timeouts().callFor(declaredLength);
		AsyncRequestBody requestBody = new OnceOnlyBody(chunks.map(Part::buffer), declaredLength);
		return Mono
			.fromFuture(
					() -> provider.client()
						.putObject((r) -> r.bucket(provider.bucket())
							.key(upload.key)
							.contentLength(declaredLength)
							.overrideConfiguration((o) -> o.apiCallAttemptTimeout(attempt).apiCallTimeout(whole)),
								requestBody))
			.map((response) -> Objects.requireNonNullElse(response.eTag(), ""));
	}

	private Mono<Void> writePart(Upload upload, Part part) {
		S3Provider provider = upload.provider;
		// A call that sends bytes may take as long as sending them at the slowest
		// accepted rate.
		Duration attempt = provider.timeouts().attemptFor(part.length());
		Duration whole = provider.timeouts().callFor(part.length());
		if (part.number() == 1 && part.last()) {
			return call(provider, whole,
					() -> provider.client()
						.putObject((r) -> r.bucket(provider.bucket())
							.key(upload.key)
							.contentLength((long) part.length())
							.overrideConfiguration((o) -> o.apiCallAttemptTimeout(attempt).apiCallTimeout(whole)),
								AsyncRequestBody.fromByteBufferUnsafe(part.buffer())))
				.doOnNext((response) -> upload.etag = response.eTag())
				.then();
		}
		return upload.id
			.flatMap((uploadId) -> call(provider, whole,
					() -> provider.client()
						.uploadPart((r) -> r.bucket(provider.bucket())
							.key(upload.key)
							.uploadId(uploadId)
							.partNumber(part.number())
							.contentLength((long) part.length())
							.overrideConfiguration((o) -> o.apiCallAttemptTimeout(attempt).apiCallTimeout(whole)),
								AsyncRequestBody.fromByteBufferUnsafe(part.buffer()))))
			.doOnNext((response) -> upload.parts
				.add(CompletedPart.builder().partNumber(part.number()).eTag(response.eTag()).build()))
			.then();
	}

	private Mono<String> createUpload(Upload upload) {
		S3Provider provider = upload.provider;
		return Mono.defer(() -> {
			// Kept (and never cancelled) so that an abort racing with the creation still
			// finds the upload id.
			CompletableFuture<CreateMultipartUploadResponse> creating = provider.client()
				.createMultipartUpload((r) -> r.bucket(provider.bucket()).key(upload.key));
			upload.creating = creating;
			return Mono.fromFuture(creating, true)
				.timeout(provider.timeouts().call().plusSeconds(1))
				.transformDeferred(CircuitBreakerOperator.of(provider.breaker()))
				.onErrorResume((ex) -> {
					// An abort waiting for this creation must not wait for a hung one.
					creating.completeExceptionally(ex);
					return Mono.error(ex);
				});
		}).flatMap((response) -> {
			upload.uploadId = response.uploadId();
			return this.sessions
				.started(new UploadSession(response.uploadId(), provider.name(), provider.bucket(), upload.key,
						Instant.now()))
				.thenReturn(response.uploadId());
		});
	}

	private Mono<String> complete(Upload upload) {
		if (upload.uploadId == null) {
			return Mono.justOrEmpty(upload.etag).defaultIfEmpty("");
		}
		S3Provider provider = upload.provider;
		String uploadId = upload.uploadId;
		int parts = upload.parts.size();
		Duration attempt = provider.timeouts().completeAttemptFor(parts);
		Duration whole = provider.timeouts().completeCallFor(parts);
		return call(provider, whole,
				() -> provider.client()
					.completeMultipartUpload((r) -> r.bucket(provider.bucket())
						.key(upload.key)
						.uploadId(uploadId)
						.multipartUpload((m) -> m.parts(upload.parts))
						.overrideConfiguration((o) -> o.apiCallAttemptTimeout(attempt).apiCallTimeout(whole))))
			.flatMap((response) -> {
				upload.completed.set(true);
				return this.sessions.ended(uploadId).thenReturn(response.eTag());
			});
	}

	/**
	 * Aborts after a failure. The caller waits for the abort (bounded by one attempt)
	 * when the failure was its own, so a 413 or 400 leaves nothing behind when answered;
	 * after a provider fault it does not wait, since the provider is unlikely to answer
	 * the abort sooner. Either way the abort runs on, and the sweeper catches what it
	 * misses.
	 */
	private Mono<Void> abortAndWait(Upload upload, Throwable failure, ContextView context) {
		Mono<Void> abort = abort(upload, context);
		if (S3Errors.providerFault(failure) || S3Errors.unwrap(failure) instanceof StorageUnavailableException) {
			return Mono.empty();
		}
		return abort.timeout(upload.provider.timeouts().attempt(), Mono.empty());
	}

	/**
	 * Starts aborting the upload, once, detached from the caller: a client that goes away
	 * cancels the request, and that cancel must not stop the abort half-way. Given the
	 * request's context, so its log lines keep the request's trace.
	 */
	private Mono<Void> abort(Upload upload, ContextView context) {
		if (upload.completed.get() || (upload.uploadId == null && upload.creating == null)) {
			return Mono.empty();
		}
		CompletableFuture<Void> started = new CompletableFuture<>();
		if (upload.abortion.compareAndSet(null, started)) {
			abortNow(upload).contextWrite(context)
				.subscribe(null, started::completeExceptionally, () -> started.complete(null));
		}
		return Mono.fromFuture(upload.abortion.get(), true);
	}

	private Mono<Void> abortNow(Upload upload) {
		Mono<String> uploadId = (upload.uploadId != null) ? Mono.just(upload.uploadId)
				: Mono.fromFuture(upload.creating, true).map(CreateMultipartUploadResponse::uploadId);
		return uploadId
			.flatMap((id) -> abortMultipartUpload(upload.provider.name(), upload.provider.bucket(), upload.key, id)
				.then(this.sessions.ended(id)))
			.doOnEach(Traced.onComplete(() -> LOG.info("Aborted multipart upload of {}.", upload.key)))
			// The session row stays, so the sweeper tries again later.
			.onErrorResume((ex) -> Traced
				.log(() -> LOG.warn("Could not abort multipart upload of {}: {}", upload.key, ex.getMessage())));
	}

	@Override
	public Mono<ObjectContent> get(String providerName, String key, @Nullable ByteRange range) {
		return Mono.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			Mono<ObjectContent> opened = (provider.downloads() != null) ? openDirect(provider, key, range)
					: openThroughSdk(provider, key, range);
			return opened.onErrorResume(
					(ex) -> (S3Errors.hasStatus(ex, 416) || S3Errors.hasCode(ex, "InvalidRange"))
							? size(provider, key).map(Long::valueOf)
								.defaultIfEmpty(-1L)
								.flatMap((size) -> Mono
									.error(new RangeNotSatisfiableException((size >= 0) ? size : null)))
							: S3Errors.failed(ex, "download"));
		});
	}

	private static Mono<ObjectContent> openDirect(S3Provider provider, String key, @Nullable ByteRange range) {
		DirectDownloads downloads = Objects.requireNonNull(provider.downloads());
		return Mono.defer(() -> downloads.open(key, range))
			.timeout(provider.timeouts().call().plusSeconds(1))
			.transformDeferred(CircuitBreakerOperator.of(provider.breaker()))
			.map((content) -> new ObjectContent(content.contentLength(), content.contentRange(), content.etag(),
					content.contentType(), ProviderSilence.watch(content.body(), provider.timeouts().read())
						.onErrorResume((ex) -> S3Errors.failed(ex, "download"))));
	}

	/**
	 * Through the SDK, which validates the response's checksums when the profile asks for
	 * them; it copies the body into heap buffers of about 8 KiB, gathered into batches
	 * here.
	 */
	private static Mono<ObjectContent> openThroughSdk(S3Provider provider, String key, @Nullable ByteRange range) {
		return call(provider, () -> provider.client()
			.getObject(
					(r) -> r.bucket(provider.bucket()).key(key).range((range != null) ? range.toHeaderValue() : null),
					AsyncResponseTransformer.toPublisher()))
			.map((publisher) -> {
				GetObjectResponse response = publisher.response();
				String contentRange = (range != null) ? response.contentRange() : null;
				Flux<ByteBuf> bytes = ProviderSilence
					.watch(ProviderChunks.batches(Flux.from(publisher)), provider.timeouts().read())
					.map((batch) -> Unpooled.wrappedBuffer(batch.toArray(ByteBuffer[]::new)))
					.onErrorResume((ex) -> S3Errors.failed(ex, "download"));
				return new ObjectContent((response.contentLength() != null) ? response.contentLength() : -1,
						contentRange, response.eTag(), response.contentType(), bytes);
			});
	}

	private Mono<Long> size(S3Provider provider, String key) {
		return call(provider, () -> provider.client().headObject((r) -> r.bucket(provider.bucket()).key(key)))
			.mapNotNull((head) -> head.contentLength())
			.onErrorResume((ex) -> Mono.empty());
	}

	@Override
	public Mono<PresignedDownload> presignDownload(String providerName, String key, String filename,
			@Nullable String contentType, boolean inline) {
		return Mono.fromCallable(() -> {
			S3Provider provider = this.providers.get(providerName);
			// Signing needs no call, but a URL to a provider known to be down is useless.
			if (!callPermitted(provider.breaker())) {
				throw circuitOpen(provider);
			}
			PresignedGetObjectRequest presigned = Presigning.presignGet(provider.presigner(), provider.bucket(), key,
					filename, contentType, inline, this.presignTtl);
			return new PresignedDownload(presigned.url().toURI(), presigned.expiration());
		}).onErrorResume((ex) -> S3Errors.failed(ex, "presign"));
	}

	@Override
	public Mono<Void> deleteAllVersions(String providerName, @Nullable String bucketName, String key) {
		return Mono.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			String bucket = (bucketName != null) ? bucketName : provider.bucket();
			Mono<Void> versions = calls(provider,
					provider.client().listObjectVersionsPaginator((r) -> r.bucket(bucket).prefix(key)))
				.concatMapIterable((page) -> Stream
					.concat(page.versions().stream().filter((v) -> key.equals(v.key())).map((v) -> v.versionId()),
							page.deleteMarkers().stream().filter((m) -> key.equals(m.key())).map((m) -> m.versionId()))
					.filter(Objects::nonNull)
					.toList())
				// One DeleteObject per version: DeleteObjects needs a checksum header
				// some providers reject.
				.concatMap((versionId) -> call(provider,
						() -> provider.client().deleteObject((r) -> r.bucket(bucket).key(key).versionId(versionId))))
				.then()
				.onErrorResume(S3Errors::notImplemented, (ex) -> Traced.log(() -> LOG
					.debug("Provider {} does not list versions; deleting the current object only.", providerName)));
			// Whatever the versions listing said, make sure the current object is gone;
			// on a versioned bucket
			// whose versions were all deleted, the HEAD is a 404 and no delete marker is
			// added.
			Mono<Void> current = call(provider, () -> provider.client().headObject((r) -> r.bucket(bucket).key(key)))
				.flatMap((head) -> call(provider,
						() -> provider.client().deleteObject((r) -> r.bucket(bucket).key(key))))
				.onErrorResume((ex) -> S3Errors.hasStatus(ex, 404) && !S3Errors.hasCode(ex, "NoSuchBucket"),
						(ex) -> Mono.empty())
				.then();
			return versions.then(current);
		}).onErrorResume((ex) -> S3Errors.failed(ex, "delete"));
	}

	@Override
	public Mono<Void> abortMultipartUpload(String providerName, String bucket, String key, String uploadId) {
		return Mono.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			return call(provider,
					() -> provider.client().abortMultipartUpload((r) -> r.bucket(bucket).key(key).uploadId(uploadId)))
				.then()
				// Already completed or aborted: nothing left to remove.
				.onErrorResume((ex) -> S3Errors.hasStatus(ex, 404), (ex) -> Mono.empty());
		}).onErrorResume((ex) -> S3Errors.failed(ex, "abort"));
	}

	@Override
	public Flux<ListedObject> list(String providerName, String prefix) {
		return Flux.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			return Flux
				.from(provider.client().listObjectsV2Paginator((r) -> r.bucket(provider.bucket()).prefix(prefix)))
				.concatMapIterable((page) -> page.contents())
				.map((object) -> new ListedObject(object.key(), (object.size() != null) ? object.size() : 0L,
						(object.lastModified() != null) ? object.lastModified() : Instant.now()));
		}).onErrorResume((ex) -> S3Errors.failed(ex, "list"));
	}

	@Override
	public Flux<OpenMultipartUpload> listMultipartUploads(String providerName, String prefix) {
		return Flux.defer(() -> {
			S3Provider provider = this.providers.get(providerName);
			return Flux
				.from(provider.client()
					.listMultipartUploadsPaginator((r) -> r.bucket(provider.bucket()).prefix(prefix)))
				.concatMapIterable((page) -> page.uploads())
				// An upload of unknown age counts as new, so it is never taken for stale.
				.map((upload) -> new OpenMultipartUpload(upload.key(), upload.uploadId(),
						(upload.initiated() != null) ? upload.initiated() : Instant.now()))
				.onErrorResume(S3Errors::notImplemented, (ex) -> Flux.empty());
		}).onErrorResume((ex) -> S3Errors.failed(ex, "list uploads"));
	}

	/**
	 * A request body of a known length that can be sent once: a retry (which would need
	 * the bytes again) fails at once instead of waiting for a body that never comes.
	 */
	private static final class OnceOnlyBody implements AsyncRequestBody {

		private final Flux<ByteBuffer> body;

		private final long length;

		private final AtomicBoolean subscribed = new AtomicBoolean();

		OnceOnlyBody(Flux<ByteBuffer> body, long length) {
			this.body = body;
			this.length = length;
		}

		@Override
		public Optional<Long> contentLength() {
			return Optional.of(this.length);
		}

		@Override
		public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
			if (this.subscribed.compareAndSet(false, true)) {
				this.body.subscribe(subscriber);
			}
			else {
				Flux.<ByteBuffer>error(new IllegalStateException("A streamed upload body cannot be sent twice"))
					.subscribe(subscriber);
			}
		}

	}

	/**
	 * State of one upload; touched by one part at a time (concatMap), and by the abort at
	 * the end.
	 */
	private static final class Upload {

		final S3Provider provider;

		final String key;

		final List<CompletedPart> parts = new ArrayList<>();

		final AtomicBoolean completed = new AtomicBoolean();

		final AtomicReference<CompletableFuture<Void>> abortion = new AtomicReference<>();

		volatile @Nullable String uploadId;

		volatile @Nullable CompletableFuture<CreateMultipartUploadResponse> creating;

		volatile @Nullable String etag;

		/** The upload id, created once, on first subscription. */
		Mono<String> id = Mono.empty();

		Upload(S3Provider provider, String key) {
			this.provider = provider;
			this.key = key;
		}

	}

}
