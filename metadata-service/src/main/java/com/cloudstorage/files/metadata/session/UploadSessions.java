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
	 * Makes {@code writer} the session's one writer until {@code until}, when the session
	 * is open and no other writer holds it (a lease past {@code now} is free).
	 * @return whether {@code writer} holds it now
	 */
	Mono<Boolean> claimWriter(UUID id, UUID writer, Instant now, Instant until);

	/** Frees the session when {@code writer} holds it. */
	Mono<Void> releaseWriter(UUID id, UUID writer);

	/**
	 * Open sessions whose expiry passed before {@code now}, locked (others skip them), at
	 * most {@code limit}.
	 */
	Flux<UploadSession> lockExpired(Instant now, int limit);

}
