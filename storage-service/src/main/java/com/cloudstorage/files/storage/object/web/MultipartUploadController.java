package com.cloudstorage.files.storage.object.web;

import java.nio.ByteBuffer;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemException;
import com.cloudstorage.files.storage.object.IncompleteBodyException;
import com.cloudstorage.files.storage.object.MultipartUploads;
import com.cloudstorage.files.storage.object.MultipartUploads.ExpectedObject;
import com.cloudstorage.files.storage.object.MultipartUploads.PartSlot;
import com.cloudstorage.files.storage.object.MultipartUploads.PresignedPart;
import com.cloudstorage.files.storage.object.MultipartUploads.UploadedPart;
import com.cloudstorage.files.storage.object.StoredObject;
import com.cloudstorage.files.storage.security.OverwriteGuard;
import com.cloudstorage.files.storage.security.StorageGrants;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The multipart uploads behind upload sessions: start, one part through this service,
 * part listing, presigned part URLs, complete with verification, abort. The gateway has
 * checked the session (owner, part numbers, sizes) at metadata-service before calling.
 */
@RestController
@RequestMapping("/internal/v1/multipart-uploads/{provider}")
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('workers')")
class MultipartUploadController {

	/** S3's part number range. */
	private static final int MAX_PART_NUMBER = 10_000;

	private final MultipartUploads uploads;

	private final TransferAdmission admission;

	private final MultipartProperties properties;

	private final StorageGrants grants;

	private final OverwriteGuard overwrites;

	MultipartUploadController(MultipartUploads uploads, TransferAdmission admission, MultipartProperties properties,
			StorageGrants grants, OverwriteGuard overwrites) {
		this.uploads = uploads;
		this.admission = admission;
		this.properties = properties;
		this.grants = grants;
		this.overwrites = overwrites;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Void> start(@PathVariable String provider, @RequestParam String key,
			@RequestHeader(name = StorageGrants.HEADER, required = false) @Nullable String grant) {
		return Mono.defer(() -> {
			ObjectKeys.validate(key);
			this.grants.require(grant, provider, key, 0);
			return this.overwrites.requireUnfinished(provider, key)
				.then(Mono.defer(() -> this.uploads.start(provider, key)));
		});
	}

	/**
	 * One part, exactly {@code size} bytes. Admitted into the transfer budget like any
	 * upload before its body is read; it holds the one part in memory so that the SDK can
	 * retry it.
	 */
	@PutMapping("/parts/{partNumber}")
	Mono<UploadedPart> uploadPart(@PathVariable String provider, @PathVariable int partNumber, @RequestParam String key,
			@RequestParam long size,
			@RequestHeader(name = StorageGrants.HEADER, required = false) @Nullable String grant,
			ServerWebExchange exchange) {
		return Mono.defer(() -> {
			ObjectKeys.validate(key);
			requirePartNumber(partNumber);
			if (size < 1 || size > Integer.MAX_VALUE - 8) {
				throw new InvalidRequestException("size must be between 1 and 2 GiB.");
			}
			// Once per part request, before its buffer is allocated.
			this.grants.require(grant, provider, key, size);
			long declared = exchange.getRequest().getHeaders().getContentLength();
			if (declared > size) {
				throw new ProblemException(ProblemCode.PART_TOO_LARGE,
						"Part " + partNumber + " must be " + size + " bytes.");
			}
			if (declared >= 0 && declared < size) {
				throw new InvalidRequestException("Part " + partNumber + " must be " + size + " bytes.");
			}
			this.admission.admitPart(exchange, size);
			byte[] part = new byte[(int) size];
			int[] filled = { 0 };
			// Each network buffer is copied into the part and released at once; only
			// counts go further, so nothing downstream releases a buffer again.
			return exchange.getRequest().getBody().map((buffer) -> {
				try {
					int length = buffer.readableByteCount();
					if (filled[0] + length > size) {
						throw new ProblemException(ProblemCode.PART_TOO_LARGE,
								"Part " + partNumber + " must be " + size + " bytes.");
					}
					buffer.read(part, filled[0], length);
					filled[0] += length;
					return length;
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			})
				.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
				.onErrorMap((ex) -> !(ex instanceof ProblemException),
						(ex) -> new IncompleteBodyException("Body ended early", ex))
				.then(Mono.defer(
						() -> (filled[0] < size) ? Mono.error(new IncompleteBodyException("Body shorter than the part"))
								: this.uploads.uploadPart(provider, key, partNumber, ByteBuffer.wrap(part))));
		});
	}

	/**
	 * The upload's own state, so it takes the upload's (write) grant: whoever may not
	 * continue the upload learns nothing of it.
	 */
	@GetMapping("/parts")
	Flux<UploadedPart> parts(@PathVariable String provider, @RequestParam String key,
			@RequestHeader(name = StorageGrants.HEADER, required = false) @Nullable String grant) {
		return Flux.defer(() -> {
			ObjectKeys.validate(key);
			this.grants.require(grant, provider, key, 0);
			return this.uploads.listParts(provider, key);
		});
	}

	@PostMapping("/part-urls")
	Mono<PartUrls> partUrls(@PathVariable String provider, @RequestParam String key,
			@RequestBody PartUrlsRequest request,
			@RequestHeader(name = StorageGrants.HEADER, required = false) @Nullable String grant) {
		return Mono.defer(() -> {
			ObjectKeys.validate(key);
			List<PartSlot> parts = (request.parts() != null) ? request.parts() : List.of();
			if (parts.isEmpty() || parts.size() > this.properties.maxPartUrls()) {
				throw new InvalidRequestException("Ask for 1 to " + this.properties.maxPartUrls() + " parts.");
			}
			for (PartSlot part : parts) {
				requirePartNumber(part.partNumber());
				if (part.size() < 1) {
					throw new InvalidRequestException("A part's size must be at least 1.");
				}
			}
			long largest = parts.stream().mapToLong(PartSlot::size).max().orElse(0);
			this.grants.require(grant, provider, key, largest);
			return this.uploads.presignParts(provider, key, parts, this.properties.partUrlTtl()).map(PartUrls::new);
		});
	}

	/**
	 * Completes and verifies. Reading the object back is a download: it takes a download
	 * slot of the budget. With {@code checksumLater} only the object's size is checked
	 * (HEAD) and {@code sha256} is answered {@code null}. An empty session ({@code size}
	 * and {@code partCount} 0) has no part: its upload is aborted and an empty object
	 * stored instead.
	 */
	@PostMapping("/complete")
	Mono<StoredObject> complete(@PathVariable String provider, @RequestParam String key,
			@RequestBody CompleteRequest request,
			@RequestHeader(name = StorageGrants.HEADER, required = false) @Nullable String grant,
			ServerWebExchange exchange) {
		return Mono.defer(() -> {
			ObjectKeys.validate(key);
			boolean empty = request.size() == 0 && request.partCount() == 0 && request.partSize() >= 1;
			if (!empty && (request.size() < 1 || request.partSize() < 1 || request.partCount() < 1
					|| request.partCount() > MAX_PART_NUMBER
					|| (request.partCount() - 1) * request.partSize() >= request.size()
					|| request.partCount() * request.partSize() < request.size())) {
				throw new InvalidRequestException("size, partSize and partCount do not fit together.");
			}
			if (request.sha256() != null && !request.sha256().matches("[0-9a-f]{64}")) {
				throw new InvalidRequestException("sha256 must be 64 lowercase hexadecimal digits.");
			}
			boolean checksumLater = Boolean.TRUE.equals(request.checksumLater());
			if (checksumLater && request.sha256() != null) {
				throw new InvalidRequestException("An announced sha256 is checked at completion, not later.");
			}
			this.grants.require(grant, provider, key, request.size());
			this.admission.admitDownload(exchange);
			return this.uploads.complete(provider, key, new ExpectedObject(request.size(), request.partSize(),
					request.partCount(), request.sha256(), checksumLater));
		});
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> abort(@PathVariable String provider, @RequestParam String key,
			@RequestHeader(name = StorageGrants.HEADER, required = false) @Nullable String grant) {
		return Mono.defer(() -> {
			ObjectKeys.validate(key);
			this.grants.require(grant, provider, key, 0);
			return this.uploads.abort(provider, key);
		});
	}

	private static void requirePartNumber(int partNumber) {
		if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
			throw new ProblemException(ProblemCode.PART_NUMBER_OUT_OF_RANGE,
					"Part numbers run from 1 to " + MAX_PART_NUMBER + ".");
		}
	}

	record PartUrlsRequest(@Nullable List<PartSlot> parts) {
	}

	record PartUrls(List<PresignedPart> urls) {
	}

	/**
	 * @param checksumLater check the assembled object's size only; its SHA-256 is
	 * computed by the workers on {@code FileAssembled} (only without {@code sha256})
	 */
	record CompleteRequest(long size, long partSize, int partCount, @Nullable String sha256,
			@Nullable Boolean checksumLater) {
	}

}
