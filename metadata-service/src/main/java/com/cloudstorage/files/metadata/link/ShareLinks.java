package com.cloudstorage.files.metadata.link;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stored sharing links (table {@code share_links}, owned by this feature); implemented by
 * persistence. Callers hold the file's row lock, so one change per file runs at a time.
 */
public interface ShareLinks {

	Mono<StoredLink> findActive(UUID fileId);

	Mono<Void> insert(UUID id, UUID fileId, String tokenHash, String ciphertext, String createdBy, Instant createdAt,
			@Nullable Instant expiresAt);

	Mono<Void> revoke(UUID linkId);

	/** Revokes every live link of a file; returns the revoked ids. */
	Flux<UUID> revokeAll(UUID fileId);

	/**
	 * A link as stored: the token only encrypted.
	 *
	 * @param id the link id
	 * @param fileId the file
	 * @param ciphertext the AES-GCM encrypted token
	 * @param createdAt when it was created
	 * @param expiresAt when it stops working, or {@code null}
	 */
	record StoredLink(UUID id, UUID fileId, String ciphertext, Instant createdAt, @Nullable Instant expiresAt) {
	}

}
