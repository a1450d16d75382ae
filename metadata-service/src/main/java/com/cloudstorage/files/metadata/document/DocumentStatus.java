package com.cloudstorage.files.metadata.document;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.cloudstorage.files.metadata.InvalidRequestException;

/**
 * A document's status in the owning application; only {@code submitted} protects its
 * files from deletion.
 */
public enum DocumentStatus {

	DRAFT, SUBMITTED, CANCELLED;

	/** The lowercase form used in JSON and in the database. */
	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Reads the lowercase form.
	 * @throws InvalidRequestException for anything but draft, submitted or cancelled
	 */
	public static DocumentStatus parse(@Nullable String status) {
		for (DocumentStatus candidate : values()) {
			if (candidate.wire().equals(status)) {
				return candidate;
			}
		}
		throw new InvalidRequestException("status must be draft, submitted or cancelled.");
	}

}
