package com.cloudstorage.files.storage.object.web;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.bytes.DetachedBodies;
import com.cloudstorage.files.kit.presign.ContentDispositions;
import com.cloudstorage.files.storage.object.ByteRange;
import com.cloudstorage.files.storage.object.EntityTooLargeException;
import com.cloudstorage.files.storage.object.IncompleteBodyException;
import com.cloudstorage.files.storage.object.ObjectContent;
import com.cloudstorage.files.storage.object.ObjectStore;
import com.cloudstorage.files.storage.object.StoredObject;
import com.cloudstorage.files.storage.security.OverwriteGuard;
import com.cloudstorage.files.storage.security.StorageGrants;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** The internal byte API: streams uploads to and downloads from a provider profile. */
@RestController
@RequestMapping("/internal/v1/objects")
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('workers')")
class ObjectController {

	private final ObjectStore store;

	private final TransferAdmission admission;

	private final TransferMetrics metrics;

	private final StorageGrants grants;

	private final OverwriteGuard overwrites;

	ObjectController(ObjectStore store, TransferAdmission admission, TransferMetrics metrics, StorageGrants grants,
			OverwriteGuard overwrites) {
		this.store = store;
		this.admission = admission;
		this.metrics = metrics;
		this.grants = grants;
		this.overwrites = overwrites;
	}

	@PutMapping("/{provider}")
	Mono<StoredObject> upload(@PathVariable String provider, @RequestParam String key, @RequestParam long maxBytes,
			@RequestHeader(name = StorageGrants.HEADER, required = false) @Nullable String grant,
			ServerWebExchange exchange) {
		return Mono.defer(() -> {
			ServerHttpRequest request = exchange.getRequest();
			ObjectKeys.validate(key);
			if (maxBytes < 0) {
				throw new InvalidRequestException("maxBytes must not be negative");
			}
			// Only a key metadata-service reserved, and no more bytes than it allows.
			this.grants.require(grant, provider, key, maxBytes);
			long declared = request.getHeaders().getContentLength();
			if (declared > maxBytes) {
				return Mono.error(new EntityTooLargeException("Content-Length exceeds maxBytes"));
			}
			// Before the body is read: a refused upload costs no buffer.
			this.admission.admitUpload(exchange, declared, maxBytes);
			AtomicLong received = new AtomicLong();
			Flux<ByteBuffer> body = DetachedBodies.detached(request.getBody())
				.map(ObjectController::copyAndRelease)
				.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
				.doOnNext((buffer) -> {
					received.addAndGet(buffer.remaining());
					this.metrics.uploaded(buffer.remaining());
				})
				.concatWith(Mono.defer(() -> (declared >= 0 && received.get() < declared)
						? Mono.error(new IncompleteBodyException("Body shorter than Content-Length")) : Mono.empty()));
			// A grant reserves the key for one upload: none once its file is available.
			return this.overwrites.requireUnfinished(provider, key)
				.then(Mono
					.defer(() -> this.metrics.timeUpload(this.store.put(provider, key, body, declared, maxBytes))));
		});
	}

	// Copying lets the network buffer go back to the pool at once, whatever happens
	// downstream.
	private static ByteBuffer copyAndRelease(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return ByteBuffer.wrap(bytes);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	@GetMapping("/{provider}")
	Mono<ResponseEntity<Flux<DataBuffer>>> download(@PathVariable String provider, @RequestParam String key,
			@RequestParam(required = false) @Nullable String filename,
			@RequestParam(required = false) @Nullable String contentType,
			@RequestHeader(name = HttpHeaders.RANGE, required = false) @Nullable String range,
			@RequestHeader(name = StorageGrants.HEADER, required = false) @Nullable String grant,
			ServerWebExchange exchange) {
		return Mono.defer(() -> {
			ObjectKeys.validate(key);
			// Only a key metadata-service located for a caller allowed to read it;
			// before a download slot is taken.
			this.grants.requireRead(grant, provider, key);
			DataBufferFactory buffers = exchange.getResponse().bufferFactory();
			String name = (filename != null && !filename.isBlank()) ? filename : ObjectKeys.defaultFilename(key);
			long window = this.admission.admitDownload(exchange);
			long started = System.nanoTime();
			return this.store.get(provider, key, ByteRange.parse(range))
				.doOnError((ex) -> this.metrics.downloadFailed(started))
				.map((content) -> {
					ResponseEntity.BodyBuilder response = ResponseEntity
						.status(content.partial() ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK)
						.header(HttpHeaders.ACCEPT_RANGES, "bytes")
						.header(HttpHeaders.CONTENT_DISPOSITION, ContentDispositions.attachment(name))
						.header("X-Content-Type-Options", "nosniff")
						.contentType(mediaType(contentType, content));
					if (content.contentLength() >= 0) {
						response.contentLength(content.contentLength());
					}
					if (content.etag() != null) {
						response.header(HttpHeaders.ETAG, content.etag());
					}
					if (content.contentRange() != null) {
						response.header(HttpHeaders.CONTENT_RANGE, content.contentRange());
					}
					return response.body(DetachedBodies.detached(this.metrics
						.countDownload(SocketPacedBody.pace(content.body(), window, buffers), started)));
				});
		});
	}

	private static MediaType mediaType(@Nullable String requested, ObjectContent content) {
		for (String candidate : new String[] { requested, content.contentType() }) {
			if (candidate != null && !candidate.isBlank()) {
				try {
					return MediaType.parseMediaType(candidate);
				}
				catch (InvalidMediaTypeException ex) {
					// Fall through to the next candidate.
				}
			}
		}
		return MediaType.APPLICATION_OCTET_STREAM;
	}

}
