package com.cloudstorage.files.storage.reconcile;

import reactor.core.publisher.Mono;

import com.cloudstorage.files.contracts.events.v1.StoredObjectMissing;

/** Where the reconciler tells other services what it found. */
public interface ReconcileEvents {

	/**
	 * Publishes that an available file's bytes are missing; completes once the broker has
	 * acknowledged it.
	 */
	Mono<Void> objectMissing(StoredObjectMissing event);

}
