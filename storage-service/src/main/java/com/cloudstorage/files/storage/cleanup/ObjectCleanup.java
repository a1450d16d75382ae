package com.cloudstorage.files.storage.cleanup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.storage.object.ObjectStore;
import com.cloudstorage.files.storage.object.UnknownProviderException;
import com.cloudstorage.files.storage.provider.ProviderProperties;
import com.cloudstorage.files.storage.provider.StorageProperties;
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

	private final StorageProperties properties;

	ObjectCleanup(ObjectStore store, UploadSessions sessions, ProcessedEvents processedEvents,
			StorageProperties properties) {
		this.store = store;
		this.properties = properties;
		this.sessions = sessions;
		this.processedEvents = processedEvents;
	}

	/**
	 * Removes the key's bytes in the profile's own bucket unless the event was applied
	 * before. Only multipart uploads of exactly this key are aborted, never those of keys
	 * that merely start with it.
	 * @param key a key already checked to be of storage's form
	 * @return {@code true} when applied now, {@code false} when skipped as a repeat
	 */
	public Mono<Boolean> removeAll(String eventId, String eventType, String provider, String key) {
		return this.processedEvents.contains(eventId).flatMap((seen) -> {
			if (seen) {
				return Traced.log(() -> LOG.debug("Skipping event {}: already applied.", eventId)).thenReturn(false);
			}
			return removeBytes(provider, key).then(this.processedEvents.record(eventId, eventType, provider, key))
				.doOnEach(Traced.onNext(
						(recorded) -> LOG.info("Removed the bytes of {} in {} for event {}.", key, provider, eventId)))
				.thenReturn(true);
		});
	}

	/**
	 * Deletes every version of the key and aborts its open multipart uploads, in the
	 * profile's own bucket; idempotent.
	 */
	public Mono<Void> removeBytes(String provider, String key) {
		return this.store.deleteAllVersions(provider, null, key)
			.then(this.store.listMultipartUploads(provider, key)
				.filter((upload) -> key.equals(upload.key()))
				.concatMap((upload) -> this.store.abortMultipartUpload(provider, bucketOf(provider), upload.key(),
						upload.uploadId()))
				.then())
			.then(this.sessions.forKey(provider, key)
				.concatMap((session) -> this.store.abortMultipartUpload(provider, session.bucket(), session.key(),
						session.uploadId()))
				.then());
	}

	private String bucketOf(String provider) {
		ProviderProperties profile = this.properties.providers().get(provider);
		if (profile == null) {
			throw new UnknownProviderException("Unknown provider profile");
		}
		return profile.bucket();
	}

}
