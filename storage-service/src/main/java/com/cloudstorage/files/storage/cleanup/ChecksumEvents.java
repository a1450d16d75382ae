package com.cloudstorage.files.storage.cleanup;

import reactor.core.publisher.Mono;

import com.cloudstorage.files.contracts.events.v1.StoredObjectHashed;

/**
 * Where the workers tell other services a file's SHA-256 they computed after the fact
 * ({@code storage.v1}; metadata-service then emits {@code FileUploaded}).
 */
public interface ChecksumEvents {

	/** Publishes it; completes once the broker has acknowledged it. */
	Mono<Void> objectHashed(StoredObjectHashed event);

}
