package com.cloudstorage.files.metadata.session;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The stored upload sessions. */
public interface UploadSessions {

	Mono<Void> insert(UploadSession session);

	Mono<UploadSession> findById(UUID id);

	/** The session, locked until the transaction ends. */
	Mono<UploadSession> lockById(UUID id);

	/**
	 * Moves the session from {@code from} to {@code to}; empty when it was not in
	 * {@code from}.
	 */
	Mono<Boolean> transition(UUID id, SessionState from, SessionState to);

	/**
	 * Open sessions whose expiry passed before {@code now}, locked (others skip them), at
	 * most {@code limit}.
	 */
	Flux<UploadSession> lockExpired(Instant now, int limit);

}
