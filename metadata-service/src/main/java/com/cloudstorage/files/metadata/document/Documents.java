package com.cloudstorage.files.metadata.document;

import java.time.Instant;

import reactor.core.publisher.Mono;

/** Documents' status and the ids of applied events; implemented by persistence. */
public interface Documents {

	/** Inserts or updates, unless the stored status is newer than {@code at}. */
	Mono<Void> upsert(Document document, Instant at);

	/** Records an event id; false when it was already there. */
	Mono<Boolean> markProcessed(String eventId);

}
