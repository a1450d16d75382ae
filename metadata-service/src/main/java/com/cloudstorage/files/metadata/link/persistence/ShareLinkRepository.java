package com.cloudstorage.files.metadata.link.persistence;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.link.ShareLinks;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Sharing links in PostgreSQL; callers hold the file's row lock, so one change per file
 * runs at a time.
 */
@Repository
class ShareLinkRepository implements ShareLinks {

	private final DatabaseClient db;

	ShareLinkRepository(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<StoredLink> findActive(UUID fileId) {
		return this.db.sql("""
				SELECT id, file_id, token_ciphertext, created_at, expires_at FROM share_links
				WHERE file_id = :fileId AND state = 'ACTIVE'""")
			.bind("fileId", fileId)
			.map((row) -> new StoredLink(row.get("id", UUID.class), row.get("file_id", UUID.class),
					row.get("token_ciphertext", String.class), row.get("created_at", Instant.class),
					row.get("expires_at", Instant.class)))
			.one();
	}

	@Override
	public Mono<Void> insert(UUID id, UUID fileId, String tokenHash, String ciphertext, String createdBy,
			Instant createdAt, @Nullable Instant expiresAt) {
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("""
					INSERT INTO share_links (id, file_id, token_hash, token_ciphertext, state, created_by, created_at, expires_at)
					VALUES (:id, :fileId, :hash, :ciphertext, 'ACTIVE', :createdBy, :createdAt, :expiresAt)""")
			.bind("id", id)
			.bind("fileId", fileId)
			.bind("hash", tokenHash)
			.bind("ciphertext", ciphertext)
			.bind("createdBy", createdBy)
			.bind("createdAt", createdAt);
		spec = (expiresAt != null) ? spec.bind("expiresAt", expiresAt) : spec.bindNull("expiresAt", Instant.class);
		return spec.then();
	}

	@Override
	public Mono<Void> revoke(UUID linkId) {
		return this.db.sql("UPDATE share_links SET state = 'REVOKED', revoked_at = now() WHERE id = :id")
			.bind("id", linkId)
			.then();
	}

	/**
	 * Revokes every live link of a file (the file is being deleted); returns the revoked
	 * ids.
	 */
	@Override
	public Flux<UUID> revokeAll(UUID fileId) {
		return this.db.sql("""
				UPDATE share_links SET state = 'REVOKED', revoked_at = now()
				WHERE file_id = :fileId AND state = 'ACTIVE' RETURNING id""")
			.bind("fileId", fileId)
			.map((row) -> row.get("id", UUID.class))
			.all();
	}

}
