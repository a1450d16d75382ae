package com.cloudstorage.files.gateway.route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.cloudstorage.files.gateway.error.ProblemException;

/**
 * The optional upload fields ({@code private}, {@code folder}, {@code attachedToType},
 * {@code attachedToName}), split into those known before the bytes (they go into the
 * reservation) and those that came after (overrides on completion).
 */
final class UploadFields {

	static final Set<String> NAMES = Set.of("private", "folder", "attachedToType", "attachedToName");

	private final Map<String, String> before = new LinkedHashMap<>();

	private final Map<String, String> after = new LinkedHashMap<>();

	void put(String name, String value, boolean afterFile) {
		if (!NAMES.contains(name)) {
			throw ProblemException.invalidRequest("Unknown field '" + name + "'.");
		}
		if ("private".equals(name)) {
			parseBoolean(value);
		}
		(afterFile ? this.after : this.before).put(name, value);
	}

	boolean isPrivate() {
		String value = this.before.get("private");
		return value == null || parseBoolean(value);
	}

	@Nullable String folder() {
		return blankToNull(this.before.get("folder"));
	}

	List<InternalApi.Attachment> attachments() {
		InternalApi.@Nullable Attachment attachment = attachment(this.before);
		return (attachment != null) ? List.of(attachment) : List.of();
	}

	/** Checks what the reservation will be made with. */
	void validate() {
		attachment(this.before);
	}

	InternalApi.CompleteUpload completion(InternalApi.StoredObject stored) {
		Boolean isPrivate = this.after.containsKey("private") ? parseBoolean(this.after.get("private")) : null;
		String folder = this.after.containsKey("folder") ? blankToNull(this.after.get("folder")) : null;
		List<InternalApi.Attachment> attachments = null;
		if (this.after.containsKey("attachedToType") || this.after.containsKey("attachedToName")) {
			Map<String, String> merged = new LinkedHashMap<>(this.before);
			merged.putAll(this.after);
			InternalApi.@Nullable Attachment attachment = attachment(merged);
			attachments = (attachment != null) ? List.of(attachment) : List.of();
		}
		return new InternalApi.CompleteUpload(stored.bucket(), stored.size(), stored.sha256(), stored.etag(), isPrivate,
				folder, attachments);
	}

	private static InternalApi.@Nullable Attachment attachment(Map<String, String> fields) {
		String type = blankToNull(fields.get("attachedToType"));
		String name = blankToNull(fields.get("attachedToName"));
		if (type == null && name == null) {
			return null;
		}
		if (type == null || name == null) {
			throw ProblemException.invalidRequest("attachedToType and attachedToName go together.");
		}
		return new InternalApi.Attachment(type, name);
	}

	private static boolean parseBoolean(@Nullable String value) {
		if ("true".equalsIgnoreCase(value)) {
			return true;
		}
		if ("false".equalsIgnoreCase(value)) {
			return false;
		}
		throw ProblemException.invalidRequest("'private' must be true or false.");
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
