package com.cloudstorage.files.storage.upload;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Open multipart uploads, recorded so that a crash mid-upload leaves nothing behind: a
 * session is recorded right after the upload is created and forgotten once it is
 * completed or aborted.
 */
public interface UploadSessions {

	Mono<Void> started(UploadSession session);

	Mono<Void> ended(String uploadId);

	/** Sessions started before {@code instant}, oldest first. */
	Flux<UploadSession> startedBefore(Instant instant);

	/** Sessions for exactly this key in this provider. */
	Flux<UploadSession> forKey(String provider, String key);

}
