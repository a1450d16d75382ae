package com.cloudstorage.files.gateway.route;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.server.ServerWebExchange;

import com.cloudstorage.files.gateway.error.DownstreamProblemException;
import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.kit.bytes.DetachedBodies;
import com.cloudstorage.files.kit.tracing.Traced;

/**
 * {@code POST /api/v1/files}: reserve at metadata-service, stream the bytes to
 * storage-service, complete; abort the reservation on any failure. Bytes are never
 * aggregated: memory stays flat whatever the size.
 */
@RestController
class UploadController {

	private static final Logger LOG = LoggerFactory.getLogger(UploadController.class);

	/**
	 * Room for the multipart envelope (boundaries, part headers, small fields) around the
	 * file itself.
	 */
	private static final long MULTIPART_OVERHEAD = 1024 * 1024;

	/** metadata-service's header for a reservation's completion grant. */
	private static final String UPLOAD_GRANT = "Upload-Grant";

	private final Downstream metadata;

	private final Downstream storage;

	private final GatewayProperties properties;

	private final InternalCalls internal;

	UploadController(Downstreams downstreams, GatewayProperties properties, InternalCalls internal) {
		this.internal = internal;
		this.metadata = downstreams.metadata();
		this.storage = downstreams.storage();
		this.properties = properties;
	}

	/**
	 * Raw body: the bytes are the file; {@code ?name=} names it. PUT is accepted too,
	 * because that is what {@code curl -T} sends.
	 */
	@RequestMapping(path = "/api/v1/files", method = { RequestMethod.POST, RequestMethod.PUT })
	Mono<ResponseEntity<byte[]>> raw(@Nullable Principal user, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		long length = declaredLength(request.getHeaders());
		if (length > this.properties.maxUploadBytes()) {
			return Mono.error(ProblemException.entityTooLarge(this.properties.maxUploadBytes()));
		}
		UploadFields fields = new UploadFields();
		String name = null;
		for (Map.Entry<String, List<String>> param : request.getQueryParams().entrySet()) {
			String value = param.getValue().isEmpty() ? "" : param.getValue().get(0);
			if ("name".equals(param.getKey())) {
				name = value;
			}
			else {
				fields.put(param.getKey(), value, false);
			}
		}
		if (name == null) {
			return Mono.error(ProblemException.invalidRequest("The query parameter 'name' is required."));
		}
		fields.validate();
		MediaType contentType = contentType(request.getHeaders());
		Flux<DataBuffer> body = ClientBodies
			.idleLimited(request.getBody(), this.properties.clientIdleTimeout(), System::nanoTime)
			.onErrorMap((ex) -> !(ex instanceof ClientBodyException), ClientBodyException::new);
		UploadState state = new UploadState(this.internal.forUser(user).cache(), Callers.of(exchange));
		String fileName = name;
		Mono<ResponseEntity<byte[]>> flow = reserve(state, fileName, contentType, fields)
			.flatMap((reservation) -> store(state, reservation, contentType, length, body))
			.flatMap((stored) -> complete(state, fields.completion(stored)));
		return guarded(state, flow);
	}

	/**
	 * {@code multipart/form-data}, parsed as a stream of {@link PartEvent}s: fields
	 * before the file go into the reservation, the file part is piped to storage as it
	 * arrives, fields after it override on completion.
	 */
	@RequestMapping(path = "/api/v1/files", method = RequestMethod.POST, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Mono<ResponseEntity<byte[]>> multipart(@Nullable Principal user, ServerWebExchange exchange,
			@RequestBody Flux<PartEvent> parts) {
		ServerHttpRequest request = exchange.getRequest();
		long length = declaredLength(request.getHeaders());
		if (length > this.properties.maxUploadBytes() + MULTIPART_OVERHEAD) {
			return Mono.error(ProblemException.entityTooLarge(this.properties.maxUploadBytes()));
		}
		MediaType type = request.getHeaders().getContentType();
		if (type == null || type.getParameter("boundary") == null) {
			return Mono.error(ProblemException.invalidRequest("The multipart boundary is missing."));
		}
		UploadFields fields = new UploadFields();
		UploadState state = new UploadState(this.internal.forUser(user).cache(), Callers.of(exchange));
		Mono<Void> parsed = ClientBodies.idleLimited(parts, this.properties.clientIdleTimeout(), System::nanoTime)
			.onErrorMap((ex) -> !(ex instanceof ProblemException) && !(ex instanceof ClientBodyException),
					ClientBodyException::new)
			.windowUntil(PartEvent::isLast)
			// One part at a time; an error (e.g. a truncated body) waits until the
			// current part's calls are done, so a
			// reservation in flight is known and can be aborted.
			.concatMapDelayError((part) -> part.switchOnFirst((signal, events) -> {
				PartEvent first = signal.get();
				if (first == null) {
					return events.then();
				}
				if (first instanceof FilePartEvent file) {
					return filePart(state, fields, file, events);
				}
				return events.doOnNext((event) -> DataBufferUtils.release(event.content()))
					.then(Mono.fromRunnable(() -> formField(state, fields, first)));
			}), false, 1)
			.then();
		Mono<ResponseEntity<byte[]>> flow = parsed.then(Mono.defer(() -> {
			InternalApi.StoredObject stored = state.stored;
			if (stored == null) {
				return Mono.error(ProblemException.invalidRequest("A part named 'file' with a filename is required."));
			}
			return complete(state, fields.completion(stored));
		}));
		return guarded(state, flow);
	}

	private Mono<Void> filePart(UploadState state, UploadFields fields, FilePartEvent file, Flux<PartEvent> events) {
		if (state.fileSeen) {
			return Mono.error(ProblemException.invalidRequest("Only one file part is allowed."));
		}
		if (!"file".equals(partName(file))) {
			return Mono.error(ProblemException.invalidRequest("The file goes in a part named 'file'."));
		}
		state.fileSeen = true;
		fields.validate();
		MediaType contentType = contentType(file.headers());
		return reserve(state, file.filename(), contentType, fields)
			.flatMap((reservation) -> store(state, reservation, contentType, -1, events.map(PartEvent::content)))
			.doOnNext((stored) -> state.stored = stored)
			.then();
	}

	private void formField(UploadState state, UploadFields fields, PartEvent event) {
		String name = partName(event);
		if ("file".equals(name)) {
			throw ProblemException.invalidRequest("The part 'file' needs a filename.");
		}
		String value = (event instanceof FormPartEvent form) ? form.value() : "";
		fields.put(name, value, state.fileSeen);
	}

	/**
	 * The part's name; {@link PartEvent#name()} throws when the client sent a part
	 * without one.
	 */
	private static String partName(PartEvent event) {
		String name = event.headers().getContentDisposition().getName();
		if (name == null) {
			throw ProblemException.invalidRequest("Every part needs a Content-Disposition with a name.");
		}
		return name;
	}

	private Mono<InternalApi.Reservation> reserve(UploadState state, String name, MediaType contentType,
			UploadFields fields) {
		InternalApi.ReserveUpload reserve = new InternalApi.ReserveUpload(name, contentType.toString(),
				fields.isPrivate(), fields.folder(), fields.attachments());
		return Mono.deferContextual((context) -> {
			Mono<InternalApi.Reservation> call = state.identity
				.flatMap((identity) -> this.metadata.call(state.caller, (client) -> client.post()
					.uri("/internal/v1/uploads")
					.headers(identity::applyTo)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(reserve)
					.exchangeToMono((response) -> this.metadata.bodyOrError(response, InternalApi.Reservation.class))))
				.doOnEach(Traced.onNext((reservation) -> LOG.info("Reserved upload {}.", reservation.fileId())))
				.doOnNext((reservation) -> {
					state.reservation = reservation;
					if (state.cancelled) {
						abort(state).contextWrite(context).subscribe();
					}
				});
			// Not cancelled with the request (the client went away): a reservation made
			// meanwhile must still be known, to be aborted. Subscribed apart from the
			// request, so with its context: the call stays in the request's trace.
			return Mono.fromFuture(() -> call.contextWrite(context).toFuture(), true);
		});
	}

	/**
	 * Streams the body to storage. The stored object counts only if storage holds exactly
	 * the bytes that passed through here, and (raw body) exactly as many as the client
	 * declared: otherwise the upload fails and its reservation is aborted, so a short
	 * body never becomes a file.
	 */
	private Mono<InternalApi.StoredObject> store(UploadState state, InternalApi.Reservation reservation,
			MediaType contentType, long length, Flux<DataBuffer> body) {
		long maxBytes = (reservation.maxBytes() > 0)
				? Math.min(reservation.maxBytes(), this.properties.maxUploadBytes()) : this.properties.maxUploadBytes();
		AtomicLong sent = new AtomicLong();
		Flux<DataBuffer> counted = body.doOnNext((buffer) -> sent.addAndGet(buffer.readableByteCount()));
		// The key is the one metadata-service reserved, never anything the client sent.
		return state.identity.flatMap((identity) -> this.storage.call(state.caller,
				(client) -> client.put()
					.uri("/internal/v1/objects/{provider}?key={key}&maxBytes={maxBytes}", reservation.provider(),
							reservation.key(), maxBytes)
					.headers((headers) -> {
						identity.withoutUser().applyTo(headers);
						if (reservation.storageGrant() != null) {
							headers.set(InternalApi.STORAGE_GRANT, reservation.storageGrant());
						}
						headers.setContentType(contentType);
						if (length >= 0) {
							headers.setContentLength(length);
						}
					})
					.body(BodyInserters.fromDataBuffers(DetachedBodies.detached(Relay.boundedAhead(counted))))
					.exchangeToMono((response) -> this.storage.bodyOrError(response, InternalApi.StoredObject.class))
					.flatMap((stored) -> checkSize(stored, sent.get(), length))));
	}

	private Mono<InternalApi.StoredObject> checkSize(InternalApi.StoredObject stored, long sent, long declared) {
		if (declared >= 0 && sent != declared) {
			return Traced.log(() -> LOG.info("Upload body had {} bytes where {} were declared.", sent, declared))
				.then(Mono.error(ProblemException.incompleteBody()));
		}
		if (stored.size() != sent) {
			return Traced
				.log(() -> LOG.warn("storage-service reports {} bytes stored where {} were sent.", stored.size(), sent))
				.then(Mono.error(new Downstream.ServerFault("storage-service", HttpStatus.BAD_GATEWAY)));
		}
		return Mono.just(stored);
	}

	/**
	 * The declared {@code Content-Length}, or -1 when there is none (chunked). One that
	 * is not a length is refused before anything is reserved.
	 */
	static long declaredLength(HttpHeaders headers) {
		List<String> values = headers.get(HttpHeaders.CONTENT_LENGTH);
		if (values == null || values.isEmpty()) {
			return -1;
		}
		String declared = values.get(0);
		if (values.size() != 1 || !declared.matches("[0-9]{1,18}")) {
			throw ProblemException.invalidRequest("Content-Length must be one non-negative number.");
		}
		return Long.parseLong(declared);
	}

	private Mono<ResponseEntity<byte[]>> complete(UploadState state, InternalApi.CompleteUpload completion) {
		InternalApi.Reservation reservation = state.reservation;
		if (reservation == null) {
			return Mono.error(new IllegalStateException("No reservation to complete"));
		}
		String id = reservation.fileId();
		return state.identity
			.flatMap((identity) -> this.metadata.call(state.caller,
					(client) -> client.post()
						.uri("/internal/v1/uploads/{id}/complete", id)
						.headers((headers) -> state.authorizeFinish(headers, identity))
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(completion)
						.exchangeToMono((response) -> this.metadata.bodyOrError(response, byte[].class))))
			.doOnEach(Traced.onNext((file) -> LOG.info("Completed upload {} ({} bytes).", id, completion.size())))
			.map((file) -> {
				state.completed = true;
				return ResponseEntity.status(HttpStatus.CREATED)
					.location(URI.create("/api/v1/files/" + id))
					.contentType(MediaType.APPLICATION_JSON)
					.body(file);
			});
	}

	/**
	 * Whatever goes wrong once a reservation exists, the reservation is aborted (best
	 * effort).
	 */
	private Mono<ResponseEntity<byte[]>> guarded(UploadState state, Mono<ResponseEntity<byte[]>> flow) {
		return flow.onErrorResume((ex) -> abort(state).then(Mono.error(translate(ex))))
			.transformDeferredContextual((guardedFlow, context) -> guardedFlow.doOnCancel(() -> {
				state.cancelled = true;
				// Outlives the request: with its context, so in its trace.
				abort(state).contextWrite(context).subscribe();
			}));
	}

	private Mono<Void> abort(UploadState state) {
		InternalApi.Reservation reservation = state.reservation;
		if (reservation == null || state.completed || !state.aborted.compareAndSet(false, true)) {
			return Mono.empty();
		}
		return state.identity
			.flatMap((identity) -> this.metadata.call(state.caller,
					(client) -> client.post()
						.uri("/internal/v1/uploads/{id}/abort", reservation.fileId())
						.headers((headers) -> state.authorizeFinish(headers, identity))
						.exchangeToMono((response) -> response.releaseBody())))
			.doOnEach(Traced.onComplete(() -> LOG.info("Aborted upload {}.", reservation.fileId())))
			// The PENDING file expires on its own; nothing else to do.
			.onErrorResume((ex) -> Traced.log(() -> LOG.warn("Could not abort upload {}: {}", reservation.fileId(),
					ex.getClass().getSimpleName())));
	}

	/**
	 * A broken client body wins (whatever the downstream said about the partial bytes);
	 * then the first problem among possibly several combined failures (the body and the
	 * storage call can fail together).
	 */
	private static Throwable translate(Throwable ex) {
		if (ClientBodyException.isCause(ex)) {
			return ProblemException.incompleteBody();
		}
		for (Throwable failure : Exceptions.unwrapMultiple(ex)) {
			if (failure instanceof ProblemException || failure instanceof DownstreamProblemException) {
				return failure;
			}
		}
		return ex;
	}

	private static MediaType contentType(HttpHeaders headers) {
		MediaType type = headers.getContentType();
		return (type != null) ? type : MediaType.APPLICATION_OCTET_STREAM;
	}

	/**
	 * What one upload knows so far; its steps run one after another, never concurrently.
	 */
	private static final class UploadState {

		/**
		 * The gateway's token and the user, fetched once per upload (cached: every step
		 * of this upload uses the same).
		 */
		private final Mono<InternalCalls.Identity> identity;

		private final String caller;

		private final AtomicBoolean aborted = new AtomicBoolean();

		volatile boolean fileSeen;

		volatile boolean completed;

		volatile boolean cancelled;

		volatile InternalApi.@Nullable Reservation reservation;

		volatile InternalApi.@Nullable StoredObject stored;

		UploadState(Mono<InternalCalls.Identity> identity, String caller) {
			this.identity = identity;
			this.caller = caller;
		}

		/**
		 * Completion and abort go with the reservation's grant alone: a token may have
		 * expired during the transfer, and an expired token next to the grant would still
		 * be refused.
		 */
		void authorizeFinish(HttpHeaders headers, InternalCalls.Identity identity) {
			InternalApi.Reservation current = this.reservation;
			if (current != null && current.completionGrant() != null) {
				headers.set(UPLOAD_GRANT, current.completionGrant());
			}
			else {
				identity.applyTo(headers);
			}
		}

	}

}
