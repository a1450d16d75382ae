package com.cloudstorage.files.contracts.events.v1;

import java.util.UUID;

/**
 * A file's sharing link was revoked without a replacement.
 *
 * @param fileId the file the link opened
 * @param linkId the link that no longer works
 * @param revokedBy the subject that revoked it
 */
public record LinkRevoked(UUID fileId, UUID linkId, String revokedBy) {
}
