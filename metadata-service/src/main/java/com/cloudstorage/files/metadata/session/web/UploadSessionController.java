package com.cloudstorage.files.metadata.session.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.security.Scopes;
import com.cloudstorage.files.metadata.Caller;
import com.cloudstorage.files.metadata.file.Completion;
import com.cloudstorage.files.metadata.file.DocumentRef;
import com.cloudstorage.files.metadata.file.FileAttachment;
import com.cloudstorage.files.metadata.file.NewUpload;
import com.cloudstorage.files.metadata.file.StoredFile;
import com.cloudstorage.files.metadata.security.ActingFor;
import com.cloudstorage.files.metadata.security.StorageGrants;
import com.cloudstorage.files.metadata.session.NewSession;
import com.cloudstorage.files.metadata.session.SessionState;
import com.cloudstorage.files.metadata.session.UploadSession;
import com.cloudstorage.files.metadata.session.UploadSessionManagement;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal API the gateway uses to run upload sessions, acting for the user it names
 * ({@link ActingFor}).
 */
@RestController
@RequestMapping("/internal/v1/upload-sessions")
class UploadSessionController {

	private final UploadSessionManagement sessions;

	private final StorageGrants storageGrants;

	UploadSessionController(UploadSessionManagement sessions, StorageGrants storageGrants) {
		this.sessions = sessions;
		this.storageGrants = storageGrants;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<SessionResponse> open(@ActingFor(Scopes.FILES_WRITE) Caller caller, @RequestBody OpenRequest request) {
		NewUpload upload = new NewUpload(request.name(), request.contentType(), request.privateFile(), request.folder(),
				request.attachments());
		return this.sessions.open(caller, new NewSession(upload, request.size(), request.sha256(), request.mode()))
			.map(this::response);
	}

	/**
	 * The caller's open session; with {@code completed=true} also its completed one
	 * (state {@code COMPLETED}, without storage grants: nothing may be written any more),
	 * so that a completion retried after its answer was lost can answer the file.
	 */
	@GetMapping("/{id}")
	Mono<SessionResponse> get(@ActingFor(Scopes.FILES_WRITE) Caller caller, @PathVariable UUID id,
			@RequestParam(defaultValue = "false") boolean completed) {
		return (completed ? this.sessions.getOpenOrCompleted(caller, id) : this.sessions.get(caller, id))
			.map(this::response);
	}

	@PostMapping("/{id}/complete")
	Mono<CompletedFile> complete(@ActingFor(Scopes.FILES_WRITE) Caller caller, @PathVariable UUID id,
			@RequestBody CompleteRequest request) {
		return this.sessions
			.complete(caller, id,
					new Completion(request.bucket(), request.size(), request.sha256(), request.etag(), null, null,
							null))
			.map(CompletedFile::of);
	}

	/**
	 * Claims or renews the session's one writer ({@code 409} while another holds it).
	 */
	@PutMapping("/{id}/writers/{writer}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> claimWriter(@ActingFor(Scopes.FILES_WRITE) Caller caller, @PathVariable UUID id,
			@PathVariable UUID writer) {
		return this.sessions.claimWriter(caller, id, writer);
	}

	@DeleteMapping("/{id}/writers/{writer}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> releaseWriter(@ActingFor(Scopes.FILES_WRITE) Caller caller, @PathVariable UUID id,
			@PathVariable UUID writer) {
		return this.sessions.releaseWriter(caller, id, writer);
	}

	@PostMapping("/{id}/abort")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> abort(@ActingFor(Scopes.FILES_WRITE) Caller caller, @PathVariable UUID id) {
		return this.sessions.abort(caller, id);
	}

	private SessionResponse response(UploadSession session) {
		if (session.state() == SessionState.COMPLETED) {
			return SessionResponse.of(session, null, null);
		}
		return SessionResponse.of(session,
				this.storageGrants.forSession(session.provider(), session.key(), session.size(), session.expiresAt()),
				this.storageGrants.forRead(session.provider(), session.key()));
	}

	record OpenRequest(@Nullable String name, @Nullable String contentType, @Nullable Long size,
			@Nullable String sha256, @JsonProperty("private") @Nullable Boolean privateFile, @Nullable String folder,
			@Nullable List<DocumentRef> attachments, @Nullable String mode) {
	}

	record CompleteRequest(@Nullable String bucket, @Nullable Long size, @Nullable String sha256,
			@Nullable String etag) {
	}

	/**
	 * The session as the gateway needs it; provider, key and storage grant never reach
	 * clients. The write grant lets storage-service write this session's key (parts, part
	 * URLs, completion) until the session expires; the read grant lets it stream back
	 * what a resumable upload staged under the key, for {@code read-ttl} (signed afresh
	 * on every read of the session).
	 */
	record SessionResponse(UUID id, UUID fileId, String provider, String key, String mode, long size, long partSize,
			int partCount, @Nullable String sha256, String state, Instant createdAt, Instant expiresAt,
			@Nullable String storageGrant, @Nullable String storageReadGrant) {

		static SessionResponse of(UploadSession session, @Nullable String storageGrant,
				@Nullable String storageReadGrant) {
			return new SessionResponse(session.id(), session.fileId(), session.provider(), session.key(),
					session.mode().jsonName(), session.size(), session.partSize(), session.partCount(),
					session.sha256(), session.state().name(), session.createdAt(), session.expiresAt(), storageGrant,
					storageReadGrant);
		}

	}

	/** The File JSON, as {@code GET /api/v1/files/{id}} shows it. */
	record CompletedFile(UUID id, String name, @Nullable Long size, String contentType, @Nullable String sha256,
			@JsonProperty("private") boolean privateFile, @Nullable String folder, String owner, Instant createdAt,
			String status, List<FileAttachment> attachments) {

		static CompletedFile of(StoredFile file) {
			return new CompletedFile(file.id(), file.name(), file.size(), file.contentType(), file.sha256(),
					file.privateFile(), file.folder(), file.owner(), file.createdAt(), file.status().name(),
					file.attachments());
		}

	}

}
