package com.cloudstorage.files.storage.object;

import org.jspecify.annotations.Nullable;

/** The requested range starts past the end of the object. */
public class RangeNotSatisfiableException extends ObjectStoreException {

	private final @Nullable Long size;

	public RangeNotSatisfiableException(@Nullable Long size) {
		super("Range not satisfiable");
		this.size = size;
	}

	/** The object's size, when known, for {@code Content-Range: bytes *}{@code /size}. */
	public @Nullable Long size() {
		return this.size;
	}

}
