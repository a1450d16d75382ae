package com.cloudstorage.files.metadata.link;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A file's live sharing link as its owner sees it.
 *
 * @param id the link id (events name it; the token they never carry)
 * @param fileId the file
 * @param token the token, decrypted for the caller
 * @param createdAt when it was created
 * @param expiresAt when it stops working, or {@code null}
 * @param replacedLinkId the link this one replaced or that was revoked by this call, or
 * {@code null}
 */
public record ShareLink(UUID id, UUID fileId, String token, Instant createdAt, @Nullable Instant expiresAt,
		@Nullable UUID replacedLinkId) {
}
