package com.cloudstorage.files.storage.cleanup.messaging;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.kit.events.InvalidEventException;
import com.cloudstorage.files.storage.cleanup.StorageKeys;

/**
 * Reads {@code files.v1} records as a tolerant reader that trusts nothing it can know
 * itself: unknown fields and unknown types are ignored; the bucket must be the profile's
 * own, and the key must be {@code <prefix>/<fileId>} of the event's own file id.
 */
class FileEventReader {

	static final int MAX_EVENT_ID_LENGTH = 200;

	// Its own mapper: the application's rejects unknown properties, which an additive
	// change to a v1 event must not break.
	private static final ObjectMapper TOLERANT = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private final Map<String, String> bucketsByProvider;

	private final StorageKeys keys;

	/**
	 * @param bucketsByProvider each configured profile's bucket
	 * @param keys the key form storage creates
	 */
	FileEventReader(Map<String, String> bucketsByProvider, StorageKeys keys) {
		this.bucketsByProvider = Map.copyOf(bucketsByProvider);
		this.keys = keys;
	}

	FileEvent read(@Nullable String type, @Nullable String eventId, @Nullable String value) {
		boolean uploaded = EventTypes.FILE_UPLOADED.equals(type);
		boolean assembled = EventTypes.FILE_ASSEMBLED.equals(type);
		boolean removal = EventTypes.FILE_DELETED.equals(type) || EventTypes.FILE_UPLOAD_EXPIRED.equals(type);
		if (type == null || (!uploaded && !assembled && !removal)) {
			return new FileEvent.Ignored();
		}
		String id = checkedEventId(eventId);
		Body body = body(type, value);
		UUID fileId = fileId(body.id());
		String provider = body.provider();
		if (provider == null || provider.isBlank()) {
			throw new InvalidEventException("Event without a provider");
		}
		String ownBucket = this.bucketsByProvider.get(provider);
		if (ownBucket == null) {
			throw new InvalidEventException("Event names a provider profile that is not configured");
		}
		// FileUploadExpired carries no bucket when no byte was ever confirmed; whatever
		// bucket an event names, the profile's own is the only one acted on.
		if (body.bucket() != null && !ownBucket.equals(body.bucket())) {
			throw new InvalidEventException("Event names a bucket other than the provider profile's");
		}
		if (body.bucket() == null && !EventTypes.FILE_UPLOAD_EXPIRED.equals(type)) {
			throw new InvalidEventException("Event without a bucket");
		}
		String key = body.key();
		if (key == null || !key.equals(this.keys.keyOf(fileId))) {
			throw new InvalidEventException("Event key is not <prefix>/<file id> of its own file");
		}
		if (assembled) {
			if (body.size() == null || body.size() < 0) {
				throw new InvalidEventException("FileAssembled without a size");
			}
			return new FileEvent.Assembled(id, fileId, provider, key, body.size());
		}
		return uploaded ? new FileEvent.Uploaded(id, fileId, provider, key)
				: new FileEvent.Removal(id, type, fileId, provider, key);
	}

	private static String checkedEventId(@Nullable String eventId) {
		if (eventId == null || eventId.isBlank()) {
			throw new InvalidEventException("Event without ce_id");
		}
		if (eventId.length() > MAX_EVENT_ID_LENGTH) {
			throw new InvalidEventException("Event ce_id longer than " + MAX_EVENT_ID_LENGTH + " characters");
		}
		for (int i = 0; i < eventId.length(); i++) {
			char c = eventId.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				throw new InvalidEventException("Event ce_id contains a control character");
			}
		}
		return eventId;
	}

	private static Body body(String type, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidEventException("Event without a body");
		}
		try {
			Body body = TOLERANT.readValue(value, Body.class);
			if (body == null) {
				throw new InvalidEventException("Event body is null");
			}
			return body;
		}
		catch (JacksonException ex) {
			throw new InvalidEventException("Event body is not a readable " + type, ex);
		}
	}

	private static UUID fileId(@Nullable String id) {
		if (id == null) {
			throw new InvalidEventException("Event without a file id");
		}
		try {
			UUID parsed = UUID.fromString(id);
			if (!parsed.toString().equalsIgnoreCase(id)) {
				throw new InvalidEventException("Event file id is not a UUID");
			}
			return parsed;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException("Event file id is not a UUID");
		}
	}

	/** The only fields the workers read; every other field is ignored. */
	private record Body(@Nullable String id, @Nullable String provider, @Nullable String bucket, @Nullable String key,
			@Nullable Long size) {
	}

}
