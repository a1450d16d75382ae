package com.cloudstorage.files.contracts.events.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * A public sharing link was created for a file. Carries the token's hash, never the
 * token.
 *
 * @param fileId the file the link opens
 * @param linkId the link id
 * @param tokenHash lowercase hex SHA-256 of the token
 * @param createdBy the subject that created it
 * @param expiresAt when the link stops working, or {@code null} for never
 */
public record LinkCreated(UUID fileId, UUID linkId, String tokenHash, String createdBy, Instant expiresAt) {
}
