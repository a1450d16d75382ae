package com.cloudstorage.files.storage.cleanup;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.storage.object.ObjectStore;
import com.cloudstorage.files.storage.upload.UploadSessions;

import org.springframework.stereotype.Service;

/**
 * Removes every byte stored under a key: all versions, open multipart uploads, and
 * uploads this service started. Applies each event once: the deletions are idempotent,
 * and the event id is recorded after them.
 */
@Service
public class ObjectCleanup {

	private static final Logger LOG = LoggerFactory.getLogger(ObjectCleanup.class);

	private final ObjectStore store;

	private final UploadSessions sessions;

	private final ProcessedEvents processedEvents;

	ObjectCleanup(ObjectStore store, UploadSessions sessions, ProcessedEvents processedEvents) {
		this.store = store;
		this.sessions = sessions;
		this.processedEvents = processedEvents;
	}

	/**
	 * Removes the key's bytes unless the event was applied before.
	 * @return {@code true} when applied now, {@code false} when skipped as a repeat
	 */
	public Mono<Boolean> removeAll(String eventId, String eventType, String provider, @Nullable String bucket,
			String key) {
		return this.processedEvents.contains(eventId).flatMap((seen) -> {
			if (seen) {
				LOG.debug("Skipping event {}: already applied.", eventId);
				return Mono.just(false);
			}
			return this.store.deleteAllVersions(provider, bucket, key)
				.then(this.store.abortMultipartUploads(provider, bucket, key))
				.then(this.sessions.forKey(provider, key)
					.concatMap((session) -> this.store.abortMultipartUpload(provider, session.bucket(), session.key(),
							session.uploadId()))
					.then())
				.then(this.processedEvents.record(eventId, eventType, provider, key))
				.doOnNext((recorded) -> LOG.info("Removed the bytes of {} in {} for event {}.", key, provider, eventId))
				.thenReturn(true);
		});
	}

}
