package com.cloudstorage.files.metadata.file;

import java.util.UUID;

/**
 * Where the gateway may store the bytes of a reserved file.
 *
 * @param fileId the new file's id
 * @param provider the storage profile
 * @param key the opaque object key, never derived from the name
 * @param maxBytes the largest body accepted
 * @param completionGrant the secret that completes or aborts this upload without the
 * caller's token (see {@link CompletionGrant})
 */
public record Reservation(UUID fileId, String provider, String key, long maxBytes, String completionGrant) {
}
