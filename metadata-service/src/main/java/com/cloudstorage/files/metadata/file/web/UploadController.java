package com.cloudstorage.files.metadata.file.web;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.file.Completion;
import com.cloudstorage.files.metadata.file.CompletionGrant;
import com.cloudstorage.files.metadata.file.DocumentRef;
import com.cloudstorage.files.metadata.file.FileManagement;
import com.cloudstorage.files.metadata.file.NewUpload;
import com.cloudstorage.files.metadata.file.Reservation;
import com.cloudstorage.files.metadata.file.StoredFile;
import com.cloudstorage.files.metadata.security.ActingFor;
import com.cloudstorage.files.metadata.security.StorageGrants;
import com.cloudstorage.files.metadata.security.UploadGrants;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal API the gateway uses to orchestrate uploads and downloads: called with the
 * gateway's own service identity, naming the user it acts for (see {@link ActingFor}).
 */
@RestController
@RequestMapping("/internal/v1")
class UploadController {

	private final FileManagement files;

	private final StorageGrants storageGrants;

	UploadController(FileManagement files, StorageGrants storageGrants) {
		this.files = files;
		this.storageGrants = storageGrants;
	}

	@PostMapping("/uploads")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<ReserveResponse> reserve(@ActingFor(Scopes.FILES_WRITE) Caller caller, @RequestBody ReserveRequest request) {
		return this.files
			.reserve(caller,
					new NewUpload(request.name(), request.contentType(), request.privateFile(), request.folder(),
							request.attachments()))
			.map((reservation) -> ReserveResponse.of(reservation,
					this.storageGrants.forUpload(reservation.provider(), reservation.key(), reservation.maxBytes())));
	}

	/**
	 * With an {@value UploadGrants#HEADER} header the reservation's grant authorises the
	 * call (the security table lets such calls through without a token); otherwise the
	 * caller's token does.
	 */
	@PostMapping("/uploads/{id}/complete")
	Mono<FileResponse> complete(@ActingFor(Scopes.FILES_WRITE) Mono<Caller> caller,
			@RequestHeader(name = UploadGrants.HEADER, required = false) @Nullable String grant, @PathVariable UUID id,
			@RequestBody CompleteRequest request) {
		Completion completion = new Completion(request.bucket(), request.size(), request.sha256(), request.etag(),
				request.privateFile(), request.folder(), request.attachments());
		Mono<StoredFile> completed = (grant != null)
				? this.files.completeWithGrant(new CompletionGrant(grant), id, completion)
				: caller.flatMap((acting) -> this.files.complete(acting, id, completion));
		return completed.map(FileResponse::of);
	}

	@PostMapping("/uploads/{id}/abort")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> abort(@ActingFor(Scopes.FILES_WRITE) Mono<Caller> caller,
			@RequestHeader(name = UploadGrants.HEADER, required = false) @Nullable String grant,
			@PathVariable UUID id) {
		return (grant != null) ? this.files.abortWithGrant(new CompletionGrant(grant), id)
				: caller.flatMap((acting) -> this.files.abort(acting, id));
	}

	@GetMapping("/files/{id}/location")
	Mono<LocationResponse> location(@ActingFor(Scopes.FILES_READ) Caller caller, @PathVariable UUID id) {
		return this.files.get(caller, id).map(this::locationOf);
	}

	/** Signed only here, after {@code files.get} found the caller may read the file. */
	private LocationResponse locationOf(StoredFile file) {
		return new LocationResponse(file.id(), file.name(), file.contentType(), file.size(), file.sha256(), file.etag(),
				file.provider(), file.bucket(), file.key(), this.storageGrants.forRead(file.provider(), file.key()));
	}

	record ReserveRequest(@Nullable String name, @Nullable String contentType,
			@JsonProperty("private") @Nullable Boolean privateFile, @Nullable String folder,
			@Nullable List<DocumentRef> attachments) {
	}

	/**
	 * The reservation and its storage grant, which the gateway hands storage-service with
	 * the bytes (storage writes no key without one).
	 */
	record ReserveResponse(UUID fileId, String provider, String key, long maxBytes, String completionGrant,
			String storageGrant) {

		static ReserveResponse of(Reservation reservation, String storageGrant) {
			return new ReserveResponse(reservation.fileId(), reservation.provider(), reservation.key(),
					reservation.maxBytes(), reservation.completionGrant(), storageGrant);
		}

	}

	record CompleteRequest(@Nullable String bucket, @Nullable Long size, @Nullable String sha256, @Nullable String etag,
			@JsonProperty("private") @Nullable Boolean privateFile, @Nullable String folder,
			@Nullable List<DocumentRef> attachments) {
	}

	/**
	 * Where the file is, with the read grant storage-service needs to stream it or
	 * presign its download (never shown to clients).
	 */
	record LocationResponse(UUID fileId, String name, String contentType, @Nullable Long size, @Nullable String sha256,
			@Nullable String etag, String provider, @Nullable String bucket, String key, String storageGrant) {
	}

}
