package com.cloudstorage.files.metadata.session;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How a session's parts reach the provider. A resumable protocol (TUS) can add its own
 * mode on the same sessions: it needs nothing but fixed-size parts and their listing.
 */
public enum UploadMode {

	/** The client PUTs each part to a presigned URL of the provider. */
	DIRECT,

	/** Each part streams through the gateway and storage-service. */
	PROXIED;

	/** The mode for its JSON name, or {@code null} when there is none. */
	static @Nullable UploadMode of(@Nullable String name) {
		if (name == null) {
			return null;
		}
		for (UploadMode mode : values()) {
			if (mode.name().toLowerCase(Locale.ROOT).equals(name)) {
				return mode;
			}
		}
		return null;
	}

	public String jsonName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
