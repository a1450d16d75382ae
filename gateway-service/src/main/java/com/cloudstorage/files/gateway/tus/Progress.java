package com.cloudstorage.files.gateway.tus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.cloudstorage.files.gateway.route.UploadSessionApi.Part;
import com.cloudstorage.files.gateway.route.UploadSessionApi.Session;
import com.cloudstorage.files.gateway.route.UploadSessionCalls.Head;

/**
 * Where a TUS upload stands, from what the provider holds: the session's whole parts 1 …
 * {@code storedParts} (each exactly its size) and, under the file's own key, a staged
 * tail: the first bytes of the next part, written when a {@code PATCH} ended between part
 * boundaries. The tail starts with a header naming the part it belongs to, so a tail that
 * a later part already consumed (the part was stored, the tail not yet replaced) is
 * recognised as stale and ignored.
 *
 * @param storedParts the parts 1 … n that the provider holds in full
 * @param tail the bytes of part {@code storedParts + 1} staged under the key
 * @param offset the acknowledged offset: every byte before it is durably stored
 */
record Progress(int storedParts, long tail, long offset) {

	/** The staged tail's header: a marker and the part number (8 bytes each). */
	static final int HEADER_BYTES = 16;

	private static final byte[] MARKER = "CSTUSTL1".getBytes(StandardCharsets.US_ASCII);

	static Progress of(Session session, List<Part> parts, Optional<Head> staged) {
		boolean[] held = new boolean[session.partCount() + 1];
		for (Part part : parts) {
			int number = part.partNumber();
			if (number >= 1 && number <= session.partCount() && part.size() == session.sizeOfPart(number)) {
				held[number] = true;
			}
		}
		int stored = 0;
		while (stored < session.partCount() && held[stored + 1]) {
			stored++;
		}
		long tail = 0;
		if (stored < session.partCount() && staged.isPresent()) {
			Head head = staged.get();
			long length = head.total() - HEADER_BYTES;
			if (partOf(head.bytes()) == stored + 1 && length > 0 && length <= session.sizeOfPart(stored + 1)) {
				tail = length;
			}
		}
		return new Progress(stored, tail, offsetOf(session, stored + 1, tail));
	}

	/**
	 * The offset when parts before {@code partNumber} are stored and {@code filled} bytes
	 * of it are held (every part but the last is {@code partSize}).
	 */
	static long offsetOf(Session session, int partNumber, long filled) {
		if (partNumber > session.partCount()) {
			return session.size();
		}
		return (partNumber - 1) * session.partSize() + filled;
	}

	/** The header of a tail of part {@code partNumber}. */
	static byte[] header(int partNumber) {
		return ByteBuffer.allocate(HEADER_BYTES).put(MARKER).putLong(partNumber).array();
	}

	/** The part a staged tail's header names, or -1 when it is no tail header. */
	static long partOf(byte[] header) {
		if (header.length < HEADER_BYTES || !Arrays.equals(MARKER, Arrays.copyOf(header, MARKER.length))) {
			return -1;
		}
		return ByteBuffer.wrap(header, MARKER.length, 8).getLong();
	}

	/** Whether every byte of the upload is stored. */
	boolean complete(Session session) {
		return this.offset == session.size();
	}

}
