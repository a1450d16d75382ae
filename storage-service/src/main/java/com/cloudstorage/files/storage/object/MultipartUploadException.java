package com.cloudstorage.files.storage.object;

import java.util.List;

/** A multipart upload that breaks a session's rules, or that does not exist. */
public class MultipartUploadException extends ObjectStoreException {

	private final Kind kind;

	private final List<Integer> parts;

	public MultipartUploadException(Kind kind, String message) {
		this(kind, message, List.of());
	}

	public MultipartUploadException(Kind kind, String message, List<Integer> parts) {
		super(message);
		this.kind = kind;
		this.parts = List.copyOf(parts);
	}

	public Kind kind() {
		return this.kind;
	}

	/** The parts concerned (missing ones for {@link Kind#MISSING_PARTS}). */
	public List<Integer> parts() {
		return this.parts;
	}

	/** What went wrong. */
	public enum Kind {

		/** No multipart upload is open for the key. */
		NO_SUCH_UPLOAD,

		/** Some parts were never uploaded; the upload stays open. */
		MISSING_PARTS,

		/** A part is longer than its place in the object allows. */
		PART_TOO_LARGE,

		/** Parts or object have another size than announced; the bytes are removed. */
		SIZE_MISMATCH,

		/** The object's SHA-256 is not the announced one; the bytes are removed. */
		CHECKSUM_MISMATCH

	}

}
