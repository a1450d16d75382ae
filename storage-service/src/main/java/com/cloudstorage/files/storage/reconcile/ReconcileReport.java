package com.cloudstorage.files.storage.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * What one reconciliation of one provider found and did.
 *
 * @param provider the profile
 * @param startedAt when the listing began
 * @param objectsListed objects found under the key prefix
 * @param orphansFound objects older than the orphan age that no available file or open
 * upload owns
 * @param orphansRemoved those removed (zero when {@code refused})
 * @param uploadsAborted open multipart uploads older than the orphan age, aborted
 * @param missing keys of available files whose bytes are not in the bucket (at most 100
 * listed)
 * @param missingCount how many there are
 * @param refused whether removal was refused because more orphans were found than
 * {@code files.storage.workers.reconcile.max-deletions}
 * @param predatingView objects written before the catalogue view began, never removed
 */
public record ReconcileReport(String provider, Instant startedAt, int objectsListed, int orphansFound,
		int orphansRemoved, int uploadsAborted, List<String> missing, int missingCount, boolean refused,
		int predatingView) {
}
