package com.cloudstorage.files.storage.cleanup;

import reactor.core.publisher.Mono;

/** The CloudEvents ids the workers applied. */
public interface ProcessedEvents {

	Mono<Boolean> contains(String eventId);

	/**
	 * In one transaction: records {@code eventId} and forgets the upload sessions of the
	 * key (their uploads are aborted by now).
	 * @return {@code false} when another worker recorded the id first
	 */
	Mono<Boolean> record(String eventId, String eventType, String provider, String key);

}
