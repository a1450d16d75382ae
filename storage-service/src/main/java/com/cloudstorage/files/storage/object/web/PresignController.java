package com.cloudstorage.files.storage.object.web;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.storage.object.ObjectStore;
import com.cloudstorage.files.storage.security.StorageGrants;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Presigns short-lived GET URLs so that clients fetch bytes straight from the provider;
 * only for a key metadata-service granted reading (a URL is as good as the bytes).
 */
@RestController
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('workers')")
class PresignController {

	private final ObjectStore store;

	private final StorageGrants grants;

	PresignController(ObjectStore store, StorageGrants grants) {
		this.store = store;
		this.grants = grants;
	}

	@PostMapping("/internal/v1/presigned-downloads")
	Mono<PresignDownloadResponse> presign(@Valid @RequestBody PresignDownloadRequest request,
			@RequestHeader(name = StorageGrants.HEADER, required = false) @Nullable String grant) {
		return Mono.defer(() -> {
			ObjectKeys.validate(request.key());
			this.grants.requireRead(grant, request.provider(), request.key());
			String name = (request.filename() != null && !request.filename().isBlank()) ? request.filename()
					: ObjectKeys.defaultFilename(request.key());
			return this.store
				.presignDownload(request.provider(), request.key(), name, request.contentType(),
						Boolean.TRUE.equals(request.inline()))
				.map((presigned) -> new PresignDownloadResponse(presigned.url().toString(), presigned.expiresAt()));
		});
	}

	record PresignDownloadRequest(@NotBlank String provider, @NotBlank String key, @Nullable String filename,
			@Nullable String contentType, @Nullable Boolean inline) {
	}

	record PresignDownloadResponse(String url, Instant expiresAt) {

		// The URL is a bearer credential; keep it out of any log line that prints this
		// record.
		@Override
		public String toString() {
			return "PresignDownloadResponse[expiresAt=" + this.expiresAt + "]";
		}

	}

}
