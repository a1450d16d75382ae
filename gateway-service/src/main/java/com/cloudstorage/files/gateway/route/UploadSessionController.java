package com.cloudstorage.files.gateway.route;

import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.gateway.route.UploadSessionApi.Part;
import com.cloudstorage.files.gateway.route.UploadSessionApi.Session;
import com.cloudstorage.files.kit.problem.ProblemCode;

/**
 * Upload sessions ({@code /api/v1/uploads}): metadata-service owns the session and the
 * reserved file, storage-service the provider's multipart upload. Parts go straight to
 * the provider with presigned URLs ({@code direct}) or stream through here
 * ({@code proxied}, bytes never aggregated in the gateway). Every call first reads the
 * session at metadata-service with the caller's token: another caller's session is
 * {@code 404}, an expired one {@code 410}.
 */
@RestController
class UploadSessionController {

	/** The most part URLs one call returns. */
	private static final int MAX_PART_URLS = 100;

	private static final String MULTIPART = "/internal/v1/multipart-uploads/{provider}";

	private final Downstream storage;

	private final UploadSessionCalls calls;

	UploadSessionController(Downstreams downstreams, UploadSessionCalls calls) {
		this.storage = downstreams.storage();
		this.calls = calls;
	}

	@PostMapping("/api/v1/uploads")
	Mono<ResponseEntity<UploadSessionApi.SessionView>> open(@Nullable Principal user, ServerWebExchange exchange,
			@RequestBody UploadSessionApi.OpenUpload request) {
		return this.calls.caller(user, exchange)
			.flatMap((call) -> this.calls.open(call, request))
			.map((session) -> ResponseEntity.created(URI.create("/api/v1/uploads/" + session.id()))
				.body(UploadSessionApi.SessionView.of(session, null)));
	}

	/**
	 * The session and the parts the provider holds, so a client resumes where it stopped.
	 */
	@GetMapping("/api/v1/uploads/{id}")
	Mono<UploadSessionApi.SessionView> get(@Nullable Principal user, ServerWebExchange exchange,
			@PathVariable String id) {
		return this.calls.caller(user, exchange)
			.flatMap((call) -> this.calls.session(call, id)
				.flatMap((session) -> this.calls.parts(call, session)
					.map((parts) -> UploadSessionApi.SessionView.of(session, parts))));
	}

	/**
	 * Presigned part URLs for a {@code direct} session, parts {@code first} to
	 * {@code first + count - 1} (at most {@value #MAX_PART_URLS}, never past the last).
	 */
	@PostMapping("/api/v1/uploads/{id}/part-urls")
	Mono<UploadSessionApi.PartUrls> partUrls(@Nullable Principal user, ServerWebExchange exchange,
			@PathVariable String id, @RequestParam(defaultValue = "1") String first,
			@RequestParam(required = false) @Nullable String count) {
		return this.calls.caller(user, exchange).flatMap((call) -> {
			int firstPart = number("first", first);
			int wanted = (count != null) ? number("count", count) : MAX_PART_URLS;
			if (wanted < 1 || wanted > MAX_PART_URLS) {
				return Mono
					.error(ProblemException.invalidRequest("count must be between 1 and " + MAX_PART_URLS + "."));
			}
			return this.calls.session(call, id).flatMap((session) -> {
				requireMode(session, "direct", "Part URLs are for direct sessions; send parts through PUT instead.");
				requirePart(session, firstPart);
				int last = (int) Math.min(session.partCount(), (long) firstPart + wanted - 1);
				List<UploadSessionApi.PartSlot> slots = new ArrayList<>();
				for (int number = firstPart; number <= last; number++) {
					slots.add(new UploadSessionApi.PartSlot(number, session.sizeOfPart(number)));
				}
				return this.storage
					.call(call.caller,
							(client) -> client.post()
								.uri(MULTIPART + "/part-urls?key={key}", session.provider(), session.key())
								.headers(call::authorize)
								.headers(session::grantStorage)
								.contentType(MediaType.APPLICATION_JSON)
								.bodyValue(new UploadSessionApi.PartUrlsRequest(slots))
								.exchangeToMono((response) -> this.storage.bodyOrError(response,
										UploadSessionApi.PresignedParts.class)))
					.map((presigned) -> new UploadSessionApi.PartUrls(session.id(),
							presigned.urls()
								.stream()
								.map((url) -> new UploadSessionApi.PartUrl(url.partNumber(),
										session.sizeOfPart(url.partNumber()), url.url(), url.expiresAt()))
								.toList()));
			});
		});
	}

	/**
	 * One part of a {@code proxied} session, streamed to storage-service (which admits it
	 * into its transfer budget before reading it). The part must be exactly its size:
	 * every part but the last is {@code partSize}.
	 */
	@PutMapping("/api/v1/uploads/{id}/parts/{number}")
	Mono<Part> putPart(@Nullable Principal user, ServerWebExchange exchange, @PathVariable String id,
			@PathVariable String number) {
		return this.calls.caller(user, exchange).flatMap((call) -> {
			ServerHttpRequest request = exchange.getRequest();
			long declared = UploadController.declaredLength(request.getHeaders());
			int partNumber = number("part number", number);
			return this.calls.session(call, id).flatMap((session) -> {
				requireMode(session, "proxied", "Parts of a direct session go to their presigned URLs.");
				requirePart(session, partNumber);
				long size = session.sizeOfPart(partNumber);
				if (declared > size) {
					return Mono.error(new ProblemException(ProblemCode.PART_TOO_LARGE,
							"Part " + partNumber + " must be " + size + " bytes; " + declared + " were announced."));
				}
				if (declared >= 0 && declared < size) {
					return Mono.error(ProblemException.invalidRequest(
							"Part " + partNumber + " must be " + size + " bytes; " + declared + " were sent."));
				}
				Flux<DataBuffer> body = ClientBodies
					.idleLimited(request.getBody(), this.calls.clientIdleTimeout(), System::nanoTime)
					.onErrorMap((ex) -> !(ex instanceof ClientBodyException), ClientBodyException::new);
				return this.calls.putPart(call, session, partNumber, size, declared, body);
			}).onErrorMap(ClientBodyException::isCause, (ex) -> ProblemException.incompleteBody());
		});
	}

	/**
	 * Completes: storage-service checks every part and the assembled object (size, and
	 * SHA-256 when announced), then metadata-service makes the file AVAILABLE with
	 * {@code FileUploaded}. A size or checksum mismatch aborts the session: the file
	 * never becomes available and its bytes are removed. Idempotent: a session completed
	 * already (the client never got the answer) answers {@code 201} with its file again,
	 * without a second {@code FileUploaded}.
	 */
	@PostMapping("/api/v1/uploads/{id}/complete")
	Mono<ResponseEntity<byte[]>> complete(@Nullable Principal user, ServerWebExchange exchange,
			@PathVariable String id) {
		return this.calls.caller(user, exchange)
			.flatMap((call) -> this.calls.sessionOrCompleted(call, id)
				.flatMap((session) -> (session.completed() ? this.calls.completedFile(call, session)
						: this.calls.complete(call, session))
					.map((file) -> ResponseEntity.status(HttpStatus.CREATED)
						.location(URI.create("/api/v1/files/" + session.fileId()))
						.contentType(MediaType.APPLICATION_JSON)
						.body(file))));
	}

	/**
	 * Aborts: the file fails with {@code FileUploadExpired}, on which storage-service's
	 * workers abort the multipart upload and remove its parts.
	 */
	@DeleteMapping("/api/v1/uploads/{id}")
	Mono<ResponseEntity<Void>> abort(@Nullable Principal user, ServerWebExchange exchange, @PathVariable String id) {
		return this.calls.caller(user, exchange)
			.flatMap((call) -> this.calls.abort(call, id))
			.then(Mono.fromCallable(() -> ResponseEntity.noContent().build()));
	}

	private static void requireMode(Session session, String mode, String detail) {
		if (!mode.equals(session.mode())) {
			throw new ProblemException(ProblemCode.UPLOAD_MODE_MISMATCH, detail);
		}
	}

	private static void requirePart(Session session, int number) {
		if (number < 1 || number > session.partCount()) {
			throw new ProblemException(ProblemCode.PART_NUMBER_OUT_OF_RANGE,
					"Part numbers of this session run from 1 to " + session.partCount() + ".");
		}
	}

	private static int number(String what, String value) {
		if (!value.matches("[0-9]{1,9}")) {
			throw ProblemException.invalidRequest(what + " must be a positive whole number.");
		}
		return Integer.parseInt(value);
	}

}
