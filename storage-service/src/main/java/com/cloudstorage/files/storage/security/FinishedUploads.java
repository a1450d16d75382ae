package com.cloudstorage.files.storage.security;

import reactor.core.publisher.Mono;

/**
 * Keys whose upload is over: storage's catalogue view (built from {@code files.v1}) knows
 * them as available ({@code FileUploaded}) or gone ({@code FileDeleted},
 * {@code FileUploadExpired}).
 */
public interface FinishedUploads {

	/** Whether the key's file became available, or was deleted or expired. */
	Mono<Boolean> isFinished(String provider, String key);

}
