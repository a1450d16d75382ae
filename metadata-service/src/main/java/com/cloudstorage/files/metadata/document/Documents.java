package com.cloudstorage.files.metadata.document;

import java.time.Instant;

import reactor.core.publisher.Mono;

/** Documents' status and the ids of applied events; implemented by persistence. */
public interface Documents {

	/**
	 * Inserts or updates, unless the stored status is newer than {@code at}. Must run in
	 * a transaction.
	 * @return whether the document now has this status as of {@code at}; false when a
	 * newer status was kept
	 */
	Mono<Boolean> upsert(Document document, Instant at);

	/** The document as stored, or empty when its status was never told. */
	Mono<Document> find(String type, String name);

	/**
	 * Forgets the ids of events applied before the given time, a bounded number per call.
	 * @return how many were forgotten
	 */
	Mono<Long> forgetProcessedBefore(Instant before);

	/** Records an event id; false when it was already there. */
	Mono<Boolean> markProcessed(String eventId);

}
