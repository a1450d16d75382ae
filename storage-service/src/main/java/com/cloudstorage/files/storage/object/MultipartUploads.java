package com.cloudstorage.files.storage.object;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port to the provider's multipart uploads behind upload sessions: one open upload per
 * object key, whose upload id never leaves storage-service. Failures arrive as
 * {@link ObjectStoreException}s ({@link MultipartUploadException} for the session's own
 * rules).
 */
public interface MultipartUploads {

	/**
	 * Starts the multipart upload of {@code key}, or keeps the one already open for it.
	 */
	Mono<Void> start(String provider, String key);

	/** Uploads one part; the buffer holds exactly the part's bytes. */
	Mono<UploadedPart> uploadPart(String provider, String key, int partNumber, ByteBuffer bytes);

	/** The parts the provider has, in part-number order. */
	Flux<UploadedPart> listParts(String provider, String key);

	/**
	 * Presigns an {@code UploadPart} per part: each URL writes only that part of that
	 * upload of that key, with exactly the given length where the provider checks signed
	 * headers, and expires after {@code ttl}.
	 */
	Mono<List<PresignedPart>> presignParts(String provider, String key, List<PartSlot> parts, Duration ttl);

	/**
	 * Completes the upload once every part is there with its announced size, then reads
	 * the object back to check size and SHA-256 (memory bounded: streamed through the
	 * digest), each step within a budget scaled by the size. A missing part leaves the
	 * upload open; a size or checksum mismatch removes every byte. An empty object (no
	 * part announced) is put instead of joined.
	 */
	Mono<StoredObject> complete(String provider, String key, ExpectedObject expected);

	/**
	 * Reads the object under the key back through a SHA-256 digest (the after-the-fact
	 * checksum of an object completed with {@link ExpectedObject#checksumLater()}); the
	 * read gets a budget scaled by {@code size}.
	 * @return the object as read: its size and SHA-256; {@link NoSuchObjectException}
	 * when there is none
	 */
	Mono<StoredObject> readBack(String provider, String key, long size);

	/** Aborts the open upload of the key, if any; idempotent. */
	Mono<Void> abort(String provider, String key);

	/** A part the provider holds. */
	record UploadedPart(int partNumber, long size, @Nullable String etag) {
	}

	/** A part to presign: its number and exact length. */
	record PartSlot(int partNumber, long size) {
	}

	/** A presigned part URL; never logged. */
	record PresignedPart(int partNumber, URI url, Instant expiresAt) {
	}

	/**
	 * What the assembled object must be.
	 *
	 * @param size the total
	 * @param partSize every part's size but the last one's
	 * @param partCount the number of parts
	 * @param sha256 the SHA-256 (lowercase hex), or {@literal null} when not announced
	 * @param checksumLater whether the completion checks the assembled object's size only
	 * (the provider's HEAD, no read-back) and leaves its SHA-256 to the workers
	 * ({@code FileAssembled}); only without an announced SHA-256
	 */
	record ExpectedObject(long size, long partSize, int partCount, @Nullable String sha256, boolean checksumLater) {

		public ExpectedObject(long size, long partSize, int partCount, @Nullable String sha256) {
			this(size, partSize, partCount, sha256, false);
		}

		public long sizeOfPart(int number) {
			return (number < this.partCount) ? this.partSize : this.size - (long) (this.partCount - 1) * this.partSize;
		}

	}

}
