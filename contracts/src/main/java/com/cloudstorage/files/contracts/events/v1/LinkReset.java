package com.cloudstorage.files.contracts.events.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * A file's sharing link was replaced: the old link is dead at once, the new one works.
 *
 * @param fileId the file the link opens
 * @param oldLinkId the link that no longer works
 * @param newLinkId the link that replaces it
 * @param newTokenHash lowercase hex SHA-256 of the new token
 * @param resetBy the subject that reset it
 * @param expiresAt when the new link stops working, or {@code null} for never
 */
public record LinkReset(UUID fileId, UUID oldLinkId, UUID newLinkId, String newTokenHash, String resetBy,
		Instant expiresAt) {
}
