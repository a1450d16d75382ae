package com.cloudstorage.files.storage.cleanup;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Storage's own view of which keys should hold bytes, built from {@code files.v1}:
 * {@code FileUploaded} makes a key available, {@code FileDeleted} and
 * {@code FileUploadExpired} make it gone for good. Both changes are idempotent, so
 * replaying the topic rebuilds the view.
 */
public interface FileCatalogue {

	/** Marks the key available, unless it is already gone. */
	Mono<Void> available(String provider, String key, UUID fileId);

	/** Marks the key gone; a later {@link #available} does not bring it back. */
	Mono<Void> gone(String provider, String key, UUID fileId);

	Mono<Boolean> isAvailable(String provider, String key);

	/** Whether the view has heard of the key at all (available or gone). */
	Mono<Boolean> isKnown(String provider, String key);

	/**
	 * Since when the view knows every available key: bytes older than this may belong to
	 * files it never heard of.
	 */
	Mono<Instant> completeSince();

	/** Keys of the provider that became available before {@code instant}. */
	Flux<String> availableBefore(String provider, Instant instant);

}
