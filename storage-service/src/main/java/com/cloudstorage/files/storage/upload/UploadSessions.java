package com.cloudstorage.files.storage.upload;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Open multipart uploads, recorded so that a crash mid-upload leaves nothing behind: a
 * session is recorded right after the upload is created and forgotten once it is
 * completed or aborted. Also every key bytes were written under, so that the reconciler
 * never removes bytes whose file event has not arrived yet.
 */
public interface UploadSessions {

	Mono<Void> started(UploadSession session);

	Mono<Void> ended(String uploadId);

	/** Sessions started before {@code instant}, oldest first. */
	Flux<UploadSession> startedBefore(Instant instant);

	/** Sessions for exactly this key in this provider. */
	Flux<UploadSession> forKey(String provider, String key);

	/** Records, before the first byte goes out, that bytes are written under the key. */
	Mono<Void> writing(String provider, String key);

	/** Whether bytes were ever written under the key by this service. */
	Mono<Boolean> wasWritten(String provider, String key);

	/** Forgets the write once the catalogue view knows the key (available or gone). */
	Mono<Void> forgetWritten(String provider, String key);

}
