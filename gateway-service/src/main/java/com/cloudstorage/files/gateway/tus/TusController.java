package com.cloudstorage.files.gateway.tus;

import java.net.URI;
import java.security.Principal;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.gateway.route.UploadSessionApi.Session;
import com.cloudstorage.files.gateway.route.UploadSessionCalls;
import com.cloudstorage.files.gateway.route.UploadSessionCalls.Caller;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.tracing.Traced;

/**
 * TUS 1.0 ({@code core}, {@code creation}, {@code creation-with-upload},
 * {@code termination}, {@code expiration}) at {@code /api/v1/tus/}. An upload is a
 * {@code proxied} upload session (same limits, same expiry, same {@code 404}/{@code 410}
 * for another caller's or an expired one); its offset is what the provider holds (see
 * {@link Progress}); when it reaches {@code Upload-Length} the session is completed as
 * {@code POST /api/v1/uploads/{id}/complete} does, so the file becomes AVAILABLE with
 * {@code FileUploaded}. Clients that cannot send {@code PATCH} send {@code POST} with
 * {@code X-HTTP-Method-Override: PATCH}.
 */
@RestController
class TusController {

	private static final Logger LOG = LoggerFactory.getLogger(TusController.class);

	static final String CREATION = "/api/v1/tus/";

	private static final String UPLOAD = "/api/v1/tus/{id}";

	private final UploadSessionCalls calls;

	private final SpoolBudget spool;

	TusController(UploadSessionCalls calls, SpoolBudget spool) {
		this.calls = calls;
		this.spool = spool;
	}

	@RequestMapping(path = CREATION, method = RequestMethod.OPTIONS)
	ResponseEntity<Void> options() {
		return ResponseEntity.noContent()
			.header(TusHeaders.TUS_RESUMABLE, TusHeaders.VERSION)
			.header(TusHeaders.TUS_VERSION, TusHeaders.VERSION)
			.header(TusHeaders.TUS_EXTENSION, TusHeaders.EXTENSIONS)
			.header(TusHeaders.TUS_MAX_SIZE, Long.toString(this.calls.maxUploadBytes()))
			.build();
	}

	/** Creation (and creation-with-upload when a body comes along). */
	@PostMapping(CREATION)
	Mono<ResponseEntity<Void>> create(@Nullable Principal user, ServerWebExchange exchange) {
		return Mono.defer(() -> {
			HttpHeaders headers = tusRequest(exchange);
			// creation-defer-length is not offered (not in Tus-Extension): the session's
			// parts and limits are fixed when it opens.
			if (headers.containsHeader(TusHeaders.UPLOAD_DEFER_LENGTH)) {
				throw ProblemException
					.invalidRequest("Upload-Length is required; deferring it (creation-defer-length) is not offered.");
			}
			long length = TusHeaders.number(TusHeaders.UPLOAD_LENGTH, headers.getFirst(TusHeaders.UPLOAD_LENGTH));
			if (length > this.calls.maxUploadBytes()) {
				throw ProblemException.entityTooLarge(this.calls.maxUploadBytes());
			}
			var request = TusHeaders.openUpload(length,
					TusHeaders.metadata(headers.getFirst(TusHeaders.UPLOAD_METADATA)));
			long declared = UploadSessionCalls.declaredLength(headers);
			boolean withUpload = declared > 0 || (declared < 0 && headers.getContentType() != null);
			if (withUpload) {
				TusHeaders.requireOffsetOctetStream(headers.getFirst(HttpHeaders.CONTENT_TYPE));
				if (declared > length) {
					throw ProblemException.entityTooLarge(length);
				}
			}
			return this.calls.caller(user, exchange)
				.flatMap((caller) -> this.calls.open(caller, request).flatMap((session) -> {
					Mono<Optional<Long>> upload;
					if (withUpload) {
						upload = write(caller, session, new Progress(0, 0, 0), exchange.getRequest()).map(Optional::of);
					}
					else if (length == 0) {
						// An empty file is complete as soon as it exists: no PATCH
						// follows.
						upload = this.calls.complete(caller, session).thenReturn(Optional.of(0L));
					}
					else {
						upload = Mono.just(Optional.empty());
					}
					return upload
						.doOnEach(Traced
							.onNext((offset) -> LOG.info("TUS upload {} created ({} bytes).", session.id(), length)))
						.map((offset) -> {
							ResponseEntity.BodyBuilder answer = withTusHeaders(
									ResponseEntity.status(HttpStatus.CREATED), session)
								.location(URI.create(CREATION + session.id()));
							offset.ifPresent((value) -> answer.header(TusHeaders.UPLOAD_OFFSET, Long.toString(value)));
							return answer.<Void>build();
						});
				}));
		}).onErrorMap(UploadSessionCalls::isClientBodyFailure, (ex) -> ProblemException.incompleteBody());
	}

	@RequestMapping(path = UPLOAD, method = RequestMethod.HEAD)
	Mono<ResponseEntity<Void>> head(@Nullable Principal user, ServerWebExchange exchange, @PathVariable String id) {
		return Mono.defer(() -> {
			tusRequest(exchange);
			// A finished upload (its last answer may have been lost) is whole: offset =
			// length, so the client finishes instead of starting again.
			return this.calls.caller(user, exchange)
				.flatMap((caller) -> this.calls.sessionOrCompleted(caller, id)
					.flatMap((session) -> (session.completed() ? Mono.just(session.size())
							: progress(caller, session).flatMap((progress) -> finishIfStored(caller, session, progress))
								.map(Progress::offset))
						.map((offset) -> withTusHeaders(ResponseEntity.ok(), session)
							.header(TusHeaders.UPLOAD_OFFSET, Long.toString(offset))
							.header(TusHeaders.UPLOAD_LENGTH, Long.toString(session.size()))
							.cacheControl(CacheControl.noStore())
							.<Void>build())));
		});
	}

	@PatchMapping(UPLOAD)
	Mono<ResponseEntity<Void>> patch(@Nullable Principal user, ServerWebExchange exchange, @PathVariable String id) {
		return Mono.defer(() -> {
			HttpHeaders headers = tusRequest(exchange);
			TusHeaders.requireOffsetOctetStream(headers.getFirst(HttpHeaders.CONTENT_TYPE));
			long offset = TusHeaders.number(TusHeaders.UPLOAD_OFFSET, headers.getFirst(TusHeaders.UPLOAD_OFFSET));
			if (headers.containsHeader(TusHeaders.UPLOAD_CHECKSUM)) {
				throw ProblemException.invalidRequest("The checksum extension is not offered (see Tus-Extension).");
			}
			long declared = UploadSessionCalls.declaredLength(headers);
			return this.calls.caller(user, exchange)
				.flatMap((caller) -> this.calls.session(caller, id)
					.flatMap((session) -> progress(caller, session).flatMap((progress) -> {
						if (offset != progress.offset()) {
							return Mono
								.error(new ProblemException(ProblemCode.UPLOAD_OFFSET_MISMATCH, "Upload-Offset is "
										+ offset + " but the upload's offset is " + progress.offset() + "."));
						}
						if (declared >= 0 && offset + declared > session.size()) {
							return Mono.error(new ProblemException(ProblemCode.ENTITY_TOO_LARGE,
									"The body goes past Upload-Length " + session.size() + "."));
						}
						return write(caller, session, progress, exchange.getRequest())
							.map((newOffset) -> withTusHeaders(ResponseEntity.status(HttpStatus.NO_CONTENT), session)
								.header(TusHeaders.UPLOAD_OFFSET, Long.toString(newOffset))
								.<Void>build());
					})
						// One writer at a time from reading the offset to the answer: a
						// second PATCH would write the same parts with other bytes.
						.transform((writing) -> this.calls.asOnlyWriter(caller, session, writing))));
		}).onErrorMap(UploadSessionCalls::isClientBodyFailure, (ex) -> ProblemException.incompleteBody());
	}

	/**
	 * {@code PATCH} for clients whose HTTP stack cannot send it (Java's
	 * HttpURLConnection).
	 */
	@PostMapping(path = UPLOAD, headers = TusHeaders.METHOD_OVERRIDE + "=PATCH")
	Mono<ResponseEntity<Void>> patchOverride(@Nullable Principal user, ServerWebExchange exchange,
			@PathVariable String id) {
		return patch(user, exchange, id);
	}

	/** Termination: the session is aborted and its bytes removed. */
	@DeleteMapping(UPLOAD)
	Mono<ResponseEntity<Void>> terminate(@Nullable Principal user, ServerWebExchange exchange,
			@PathVariable String id) {
		return Mono.defer(() -> {
			tusRequest(exchange);
			return this.calls.caller(user, exchange)
				.flatMap((caller) -> this.calls.abort(caller, id))
				.then(Mono.fromCallable(() -> ResponseEntity.noContent()
					.header(TusHeaders.TUS_RESUMABLE, TusHeaders.VERSION)
					.<Void>build()));
		});
	}

	/**
	 * Streams the body into parts; completes the session once every byte is stored.
	 * @return the new offset
	 */
	private Mono<Long> write(Caller caller, Session session, Progress progress, ServerHttpRequest request) {
		if (!"proxied".equals(session.mode())) {
			return Mono.error(new ProblemException(ProblemCode.UPLOAD_MODE_MISMATCH,
					"A direct session's parts go to their presigned URLs, not through TUS."));
		}
		Flux<DataBuffer> body = this.calls.clientBody(request);
		return PatchWriter.write(this.calls, this.spool, caller, session, progress, body).flatMap((offset) -> {
			if (offset != session.size()) {
				return Mono.just(offset);
			}
			return this.calls.complete(caller, session)
				.doOnEach(Traced.onComplete(() -> LOG.info("TUS upload {} complete.", session.id())))
				.thenReturn(offset);
		});
	}

	/**
	 * Completes an open upload whose every byte is stored: its last {@code PATCH} stored
	 * them but the completion failed (also after the parts were joined). TUS clients ask
	 * {@code HEAD} after a failure and, seeing {@code Upload-Offset} equal to
	 * {@code Upload-Length}, send no further {@code PATCH}: without this the file would
	 * never become AVAILABLE. Taken as the session's one writer, so it never races the
	 * {@code PATCH} that is completing it right now (then the offset is answered as it
	 * is).
	 */
	private Mono<Progress> finishIfStored(Caller caller, Session session, Progress progress) {
		if (!progress.complete(session)) {
			return Mono.just(progress);
		}
		return this.calls.asOnlyWriter(caller, session, this.calls.complete(caller, session))
			.doOnEach(Traced
				.onComplete(() -> LOG.info("TUS upload {} complete (on HEAD, every byte was stored).", session.id())))
			.thenReturn(progress)
			.onErrorResume(UploadSessionCalls::isConflict, (ex) -> Mono.just(progress));
	}

	private Mono<Progress> progress(Caller caller, Session session) {
		return this.calls.parts(caller, session)
			.zipWith(this.calls.headUnderKey(caller, session, Progress.HEADER_BYTES))
			.map((state) -> Progress.of(session, state.getT1(), state.getT2()));
	}

	/**
	 * The request's headers once it is a TUS 1.0 request ({@code 412} with
	 * {@code Tus-Version} otherwise).
	 */
	private static HttpHeaders tusRequest(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		TusHeaders.requireResumable(headers.getFirst(TusHeaders.TUS_RESUMABLE));
		return headers;
	}

	private static ResponseEntity.BodyBuilder withTusHeaders(ResponseEntity.BodyBuilder answer, Session session) {
		answer.header(TusHeaders.TUS_RESUMABLE, TusHeaders.VERSION);
		// Where the file will be once complete (TUS itself has no word for it).
		answer.header(TusHeaders.FILE_LOCATION, "/api/v1/files/" + session.fileId());
		String expires = TusHeaders.expires(session.expiresAt());
		if (expires != null) {
			answer.header(TusHeaders.UPLOAD_EXPIRES, expires);
		}
		return answer;
	}

}
