package com.cloudstorage.files.gateway.route;

import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientRequest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.server.ServerWebExchange;

import com.cloudstorage.files.gateway.error.DownstreamProblemException;
import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.gateway.route.UploadSessionApi.Part;
import com.cloudstorage.files.gateway.route.UploadSessionApi.Session;
import com.cloudstorage.files.kit.tracing.Traced;

/**
 * The internal calls behind upload sessions, for {@link UploadSessionController} and
 * other front ends of the same sessions (the TUS protocol): metadata-service owns the
 * session and the reserved file, storage-service the provider's multipart upload and the
 * bytes under the file's key. Every call carries the gateway's own token acting for the
 * caller.
 */
@Component
@EnableConfigurationProperties(UploadSessionProperties.class)
public class UploadSessionCalls {

	private static final Logger LOG = LoggerFactory.getLogger(UploadSessionCalls.class);

	private static final String MULTIPART = "/internal/v1/multipart-uploads/{provider}";

	private static final String OBJECTS = "/internal/v1/objects/{provider}?key={key}";

	private final Downstream metadata;

	private final Downstream storage;

	private final GatewayProperties properties;

	private final InternalCalls internal;

	private final UploadSessionProperties sessions;

	UploadSessionCalls(Downstreams downstreams, GatewayProperties properties, InternalCalls internal,
			UploadSessionProperties sessions) {
		this.metadata = downstreams.metadata();
		this.storage = downstreams.storage();
		this.properties = properties;
		this.internal = internal;
		this.sessions = sessions;
	}

	/** The largest upload the gateway accepts. */
	public long maxUploadBytes() {
		return this.properties.maxUploadBytes();
	}

	/** The caller, resolved while the request's security context is at hand. */
	public Mono<Caller> caller(@Nullable Principal user, ServerWebExchange exchange) {
		return this.internal.forUser(user).map((identity) -> new Caller(exchange, identity));
	}

	/**
	 * Opens a session at metadata-service and its multipart upload at storage-service;
	 * without the multipart upload the session is aborted again.
	 */
	public Mono<Session> open(Caller call, UploadSessionApi.OpenUpload request) {
		return Mono.defer(() -> {
			if (request.size() == null) {
				return Mono.error(ProblemException.invalidRequest("size is required."));
			}
			if (request.size() > this.properties.maxUploadBytes()) {
				return Mono.error(ProblemException.entityTooLarge(this.properties.maxUploadBytes()));
			}
			UploadSessionApi.OpenSession open = new UploadSessionApi.OpenSession(request.name(),
					(request.contentType() != null) ? request.contentType() : MediaType.APPLICATION_OCTET_STREAM_VALUE,
					request.size(), request.sha256(), request.isPrivate(), request.folder(),
					attachments(request.attachedToType(), request.attachedToName()), request.mode());
			return this.metadata
				.call(call.caller,
						(client) -> client.post()
							.uri("/internal/v1/upload-sessions")
							.headers(call::authorize)
							.contentType(MediaType.APPLICATION_JSON)
							.bodyValue(open)
							.exchangeToMono((response) -> this.metadata.bodyOrError(response, Session.class)))
				.flatMap((session) -> this.storage
					.call(call.caller,
							(client) -> client.post()
								.uri(MULTIPART + "?key={key}", session.provider(), session.key())
								.headers(call::authorize)
								.headers(session::grantStorage)
								.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
										? response.releaseBody() : this.storage.error(response)))
					.thenReturn(session)
					// No multipart upload, no session: the reservation goes too.
					.onErrorResume((ex) -> abortQuietly(call, session.id()).then(Mono.error(ex))))
				.doOnEach(Traced.onNext((session) -> LOG.info("Opened upload session {} for file {}.", session.id(),
						session.fileId())));
		});
	}

	/**
	 * The caller's open session: {@code 404 NoSuchUploadSession} when unknown or another
	 * caller's, {@code 410 UploadSessionExpired} once expired.
	 */
	public Mono<Session> session(Caller call, String id) {
		return Mono.defer(() -> {
			requireSessionId(id);
			return this.metadata.call(call.caller,
					(client) -> client.get()
						.uri("/internal/v1/upload-sessions/{id}", id)
						.headers(call::authorize)
						.exchangeToMono((response) -> this.metadata.bodyOrError(response, Session.class)));
		});
	}

	/**
	 * The caller's open session, or the one it completed already
	 * ({@link Session#completed()}): a completion retried after its answer was lost
	 * answers the file instead of {@code 404}.
	 */
	public Mono<Session> sessionOrCompleted(Caller call, String id) {
		return Mono.defer(() -> {
			requireSessionId(id);
			return this.metadata.call(call.caller,
					(client) -> client.get()
						.uri("/internal/v1/upload-sessions/{id}?completed=true", id)
						.headers(call::authorize)
						.exchangeToMono((response) -> this.metadata.bodyOrError(response, Session.class)));
		});
	}

	/**
	 * The file of a session completed already, as metadata-service answers a completion
	 * asked again: nothing changes, no second {@code FileUploaded}; storage-service is
	 * not asked (the bytes were checked when it completed).
	 * @return the file's JSON
	 */
	public Mono<byte[]> completedFile(Caller call, Session session) {
		return this.metadata
			.call(call.caller,
					(client) -> client.post()
						.uri("/internal/v1/upload-sessions/{id}/complete", session.id())
						.headers(call::authorize)
						.contentType(MediaType.APPLICATION_JSON)
						// A completed session takes no new values: metadata-service
						// ignores
						// them (an open one would refuse them: no bucket).
						.bodyValue(new UploadSessionApi.CompleteSession(null, session.size(), session.sha256(), null))
						.exchangeToMono((response) -> this.metadata.bodyOrError(response, byte[].class)))
			.doOnEach(Traced
				.onComplete(() -> LOG.info("Upload session {} of file {} was completed already; answered again.",
						session.id(), session.fileId())));
	}

	/**
	 * The parts the provider holds for the session. When storage-service has no multipart
	 * upload for a session that is still open, an earlier completion joined the parts and
	 * failed after that (read-back, metadata-service or this gateway timed out): every
	 * part is stored, as one object, and is listed without an etag, so that clients
	 * complete again (storage-service checks the joined object, or answers 404 when there
	 * is none).
	 */
	public Mono<List<Part>> parts(Caller call, Session session) {
		return this.storage.call(call.caller,
				(client) -> client.get()
					.uri(MULTIPART + "/parts?key={key}", session.provider(), session.key())
					.headers(call::authorize)
					.headers(session::grantStorage)
					.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
							? response.bodyToMono(new ParameterizedTypeReference<List<Part>>() {
							}).defaultIfEmpty(List.of()) : this.storage.error(response)))
			.onErrorResume(UploadSessionCalls::isNotFound, (ex) -> Mono.just(joinedParts(session)));
	}

	static List<Part> joinedParts(Session session) {
		List<Part> parts = new ArrayList<>(session.partCount());
		for (int number = 1; number <= session.partCount(); number++) {
			parts.add(new Part(number, session.sizeOfPart(number), null));
		}
		return List.copyOf(parts);
	}

	private static boolean isNotFound(Throwable ex) {
		return ex instanceof DownstreamProblemException relayed && relayed.status().value() == 404;
	}

	/** Whether the failure is another writer holding the session (409). */
	public static boolean isConflict(Throwable ex) {
		return (ex instanceof DownstreamProblemException relayed && relayed.status().value() == 409)
				|| (ex instanceof ProblemException problem && problem.status().value() == 409);
	}

	/**
	 * Streams one part of exactly {@code size} bytes to storage-service (which admits it
	 * into its transfer budget before reading it).
	 * @param contentLength the body's length when known, else -1 (sent chunked; storage
	 * refuses a body of another length than {@code size})
	 */
	public Mono<Part> putPart(Caller call, Session session, int number, long size, long contentLength,
			Flux<DataBuffer> body) {
		return this.storage.call(call.caller, (client) -> client.put()
			.uri(MULTIPART + "/parts/{number}?key={key}&size={size}", session.provider(), number, session.key(), size)
			.headers((headers) -> {
				call.authorize(headers);
				session.grantStorage(headers);
				headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
				headers.setContentLength(size);
			})
			.body(BodyInserters.fromDataBuffers(body))
			.exchangeToMono((response) -> this.storage.bodyOrError(response, Part.class)));
	}

	/**
	 * Writes {@code length} bytes as a plain object under the session's own key. Until
	 * the multipart upload completes (and replaces it) nothing else lives there, and an
	 * aborted or expired session's key is cleaned by storage-service's workers.
	 */
	public Mono<Void> putUnderKey(Caller call, Session session, long length, Flux<DataBuffer> body) {
		return this.storage.call(call.caller, (client) -> client.put()
			.uri("/internal/v1/objects/{provider}?key={key}&maxBytes={max}", session.provider(), session.key(), length)
			.headers((headers) -> {
				call.authorize(headers);
				session.grantStorage(headers);
				headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
				headers.setContentLength(length);
			})
			.body(BodyInserters.fromDataBuffers(body))
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.releaseBody()
					: this.storage.error(response)));
	}

	/**
	 * The first {@code length} bytes of the object under the session's key and its total
	 * size, or empty when there is none.
	 */
	public Mono<Optional<Head>> headUnderKey(Caller call, Session session, int length) {
		return this.storage.call(call.caller,
				(client) -> client.get().uri(OBJECTS, session.provider(), session.key()).headers((headers) -> {
					call.authorize(headers);
					session.grantStorageRead(headers);
					headers.set(HttpHeaders.RANGE, "bytes=0-" + (length - 1));
				}).exchangeToMono((response) -> {
					if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()
							|| response.statusCode().value() == HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value()) {
						return response.releaseBody().thenReturn(Optional.<Head>empty());
					}
					if (!response.statusCode().is2xxSuccessful()) {
						return this.storage.error(response);
					}
					long total = totalOf(response.headers().header(HttpHeaders.CONTENT_RANGE),
							response.headers().contentLength().orElse(-1));
					return response.bodyToMono(byte[].class)
						.defaultIfEmpty(new byte[0])
						.map((bytes) -> Optional.of(new Head(bytes, total)));
				}));
	}

	/**
	 * The object under the session's key, streamed into {@code consumer} (the body is
	 * only readable while the exchange lasts).
	 */
	public <T> Mono<T> readUnderKey(Caller call, Session session, Function<Flux<DataBuffer>, Mono<T>> consumer) {
		return this.storage.call(call.caller,
				(client) -> client.get()
					.uri(OBJECTS, session.provider(), session.key())
					.headers(call::authorize)
					.headers(session::grantStorageRead)
					.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
							? consumer.apply(response.bodyToFlux(DataBuffer.class)) : this.storage.<T>error(response)));
	}

	/**
	 * The client's request body, failing when the client stops sending while the gateway
	 * waits for it (a client's fault: never counted against a downstream breaker).
	 */
	public Flux<DataBuffer> clientBody(ServerHttpRequest request) {
		return ClientBodies.idleLimited(request.getBody(), this.properties.clientIdleTimeout(), System::nanoTime)
			.onErrorMap((ex) -> !(ex instanceof ClientBodyException), ClientBodyException::new);
	}

	/** Whether the client's body broke somewhere in this failure. */
	public static boolean isClientBodyFailure(Throwable ex) {
		return ClientBodyException.isCause(ex);
	}

	/** The body's {@code Content-Length}, or -1 when it has none. */
	public static long declaredLength(HttpHeaders headers) {
		return UploadController.declaredLength(headers);
	}

	/**
	 * Completes: storage-service checks every part and the assembled object, then
	 * metadata-service makes the file AVAILABLE with {@code FileUploaded}. A size or
	 * checksum mismatch aborts the session. storage-service answers only once it has read
	 * the whole object back (except for a direct session without an announced SHA-256:
	 * size checked, SHA-256 computed after the fact by storage's workers, then
	 * {@code FileUploaded}), so the wait is scaled by the session's size (see
	 * {@link UploadSessionProperties#completeMinRate()}) instead of the transfers' idle
	 * timeout.
	 * @return the file's JSON
	 */
	public Mono<byte[]> complete(Caller call, Session session) {
		Duration wait = this.sessions.completeTimeout(this.properties.transferIdleTimeout(), session.size());
		return this.storage.call(call.caller,
				(client) -> client.post()
					.uri(MULTIPART + "/complete?key={key}", session.provider(), session.key())
					.httpRequest((request) -> {
						if (request.getNativeRequest() instanceof HttpClientRequest netty) {
							netty.responseTimeout(wait);
						}
					})
					.headers(call::authorize)
					.headers(session::grantStorage)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(UploadSessionApi.CompleteMultipart.of(session))
					.exchangeToMono((response) -> this.storage.bodyOrError(response, InternalApi.StoredObject.class)))
			.onErrorResume(UploadSessionCalls::failsTheSession,
					(ex) -> abortQuietly(call, session.id()).then(Mono.error(ex)))
			.flatMap((stored) -> this.metadata.call(call.caller,
					(client) -> client.post()
						.uri("/internal/v1/upload-sessions/{id}/complete", session.id())
						.headers(call::authorize)
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(new UploadSessionApi.CompleteSession(stored.bucket(), stored.size(), stored.sha256(),
								stored.etag()))
						.exchangeToMono((response) -> this.metadata.bodyOrError(response, byte[].class))))
			.doOnEach(Traced
				.onComplete(() -> LOG.info("Completed upload session {} of file {}.", session.id(), session.fileId())));
	}

	/**
	 * Runs {@code work} as the session's one writer: claimed at metadata-service before
	 * it starts ({@code 409 UploadOffsetMismatch} while another request, on any replica,
	 * holds it), renewed every {@link UploadSessionProperties#writerRenewal()} while it
	 * runs, freed when it ends however it ends.
	 */
	public <T> Mono<T> asOnlyWriter(Caller call, Session session, Mono<T> work) {
		UUID writer = UUID.randomUUID();
		return Mono.usingWhen(claimWriter(call, session, writer).thenReturn(writer),
				(claimed) -> Mono.deferContextual((context) -> {
					// Subscribed apart from the request: given its context, so the
					// renewals and their log lines stay in the request's trace.
					Disposable renewing = Flux.interval(this.sessions.writerRenewal())
						.concatMap((tick) -> claimWriter(call, session, writer).onErrorResume(
								(ex) -> Traced.log(() -> LOG.warn("Could not renew the writer of upload session {}: {}",
										session.id(), ex.getClass().getSimpleName()))))
						.contextWrite(context)
						.subscribe();
					return work.doFinally((signal) -> renewing.dispose());
				}), (claimed) -> releaseWriter(call, session, writer),
				(claimed, ex) -> releaseWriter(call, session, writer),
				(claimed) -> releaseWriter(call, session, writer));
	}

	private Mono<Void> claimWriter(Caller call, Session session, UUID writer) {
		return this.metadata.call(call.caller,
				(client) -> client.put()
					.uri("/internal/v1/upload-sessions/{id}/writers/{writer}", session.id(), writer)
					.headers(call::authorize)
					.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.releaseBody()
							: this.metadata.error(response)));
	}

	private Mono<Void> releaseWriter(Caller call, Session session, UUID writer) {
		return this.metadata
			.call(call.caller,
					(client) -> client.delete()
						.uri("/internal/v1/upload-sessions/{id}/writers/{writer}", session.id(), writer)
						.headers(call::authorize)
						.exchangeToMono((response) -> response.releaseBody()))
			// The lease runs out on its own.
			.onErrorResume((ex) -> Traced.log(() -> LOG.warn("Could not free the writer of upload session {}: {}",
					session.id(), ex.getClass().getSimpleName())));
	}

	/**
	 * Aborts: the file fails with {@code FileUploadExpired}, on which storage-service's
	 * workers abort the multipart upload and remove its bytes.
	 */
	public Mono<Void> abort(Caller call, String id) {
		return Mono.defer(() -> {
			requireSessionId(id);
			return this.metadata.call(call.caller,
					(client) -> client.post()
						.uri("/internal/v1/upload-sessions/{id}/abort", id)
						.headers(call::authorize)
						.exchangeToMono((response) -> response.statusCode().is2xxSuccessful() ? response.releaseBody()
								: this.metadata.error(response)));
		});
	}

	private Mono<Void> abortQuietly(Caller call, String id) {
		return this.metadata
			.call(call.caller,
					(client) -> client.post()
						.uri("/internal/v1/upload-sessions/{id}/abort", id)
						.headers(call::authorize)
						.exchangeToMono((response) -> response.releaseBody()))
			.doOnEach(Traced.onComplete(() -> LOG.info("Aborted upload session {}.", id)))
			// The session expires on its own; nothing else to do.
			.onErrorResume((ex) -> Traced
				.log(() -> LOG.warn("Could not abort upload session {}: {}", id, ex.getClass().getSimpleName())));
	}

	/** Size and checksum mismatches end the session; a missing part does not. */
	private static boolean failsTheSession(Throwable ex) {
		if (ex instanceof DownstreamProblemException relayed) {
			return relayed.status().value() == 422;
		}
		return false;
	}

	/** The total of {@code Content-Range: bytes 0-15/1234}, else the body's length. */
	static long totalOf(List<String> contentRange, long contentLength) {
		if (contentRange.size() == 1) {
			String value = contentRange.get(0);
			int slash = value.lastIndexOf('/');
			if (slash >= 0 && value.substring(slash + 1).matches("[0-9]{1,18}")) {
				return Long.parseLong(value.substring(slash + 1));
			}
		}
		return contentLength;
	}

	private static List<InternalApi.Attachment> attachments(@Nullable String type, @Nullable String name) {
		boolean hasType = type != null && !type.isBlank();
		boolean hasName = name != null && !name.isBlank();
		if (hasType != hasName) {
			throw ProblemException.invalidRequest("attachedToType and attachedToName go together.");
		}
		return (hasType) ? List.of(new InternalApi.Attachment(type, name)) : List.of();
	}

	static void requireSessionId(String id) {
		if (!PublicRoutes.isFileId(id)) {
			throw ProblemException.invalidRequest("The upload session id must be a UUID.");
		}
	}

	/** How long a client may send nothing while the gateway waits for its body. */
	Duration clientIdleTimeout() {
		return this.properties.clientIdleTimeout();
	}

	/**
	 * The start of an object and its total size.
	 *
	 * @param bytes the first bytes (fewer when the object is shorter)
	 * @param total the object's size, or -1 when storage did not say
	 */
	public record Head(byte[] bytes, long total) {
	}

	/**
	 * The gateway's own token acting for the caller (internal routes take no user token),
	 * and the caller's key for breaker accounting.
	 */
	public static final class Caller {

		private final InternalCalls.Identity identity;

		final String caller;

		Caller(ServerWebExchange exchange, InternalCalls.Identity identity) {
			this.identity = identity;
			this.caller = Callers.of(exchange);
		}

		void authorize(HttpHeaders headers) {
			this.identity.applyTo(headers);
		}

	}

}
