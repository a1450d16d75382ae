package com.cloudstorage.files.metadata.file;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.Caller;

/**
 * What the file feature needs of sharing links, implemented by the link feature: the file
 * feature owns this port so that it never depends on the link feature.
 */
public interface SharingLinks {

	/**
	 * Revokes every live link of a file that is being deleted, in the caller's
	 * transaction.
	 * @return the ids of the links that were live
	 */
	Mono<List<UUID>> revokeAllOf(UUID fileId);

	/**
	 * The file's live link as the caller may see it; empty when there is none or the
	 * caller may not share the file.
	 */
	Mono<LinkSummary> currentOf(Caller caller, StoredFile file);

	/**
	 * A live link for a file's JSON.
	 *
	 * @param url the public URL
	 * @param createdAt when it was created
	 * @param expiresAt when it stops working, or {@code null}
	 */
	record LinkSummary(String url, Instant createdAt, @Nullable Instant expiresAt) {
	}

}
