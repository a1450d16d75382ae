package com.cloudstorage.files.metadata.session;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One upload session: what its parts must add up to and until when they may come.
 *
 * @param id the session id clients use
 * @param fileId the PENDING file it fills
 * @param owner the JWT subject that opened it
 * @param provider the storage profile
 * @param key the object key, {@code <prefix>/<fileId>}
 * @param mode how parts travel
 * @param size the announced total in bytes
 * @param partSize every part's size but the last one's
 * @param partCount how many parts make the total
 * @param sha256 the announced SHA-256 (lowercase hex), or {@literal null}
 * @param state where the session is
 * @param createdAt when it was opened
 * @param expiresAt when it is aborted unless completed
 */
public record UploadSession(UUID id, UUID fileId, String owner, String provider, String key, UploadMode mode, long size,
		long partSize, int partCount, @Nullable String sha256, SessionState state, Instant createdAt,
		Instant expiresAt) {

	/** Whether the expiry has passed at {@code now}, whatever the sweeper did so far. */
	public boolean expiredAt(Instant now) {
		return this.state == SessionState.EXPIRED || (this.state == SessionState.OPEN && !now.isBefore(this.expiresAt));
	}

	/**
	 * The size of part {@code number} (1-based): the part size, or the rest for the last.
	 */
	public long sizeOfPart(int number) {
		return (number < this.partCount) ? this.partSize : this.size - (long) (this.partCount - 1) * this.partSize;
	}

}
