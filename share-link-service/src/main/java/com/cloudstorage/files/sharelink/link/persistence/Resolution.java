package com.cloudstorage.files.sharelink.link.persistence;

import java.time.Instant;
import java.util.UUID;

import com.cloudstorage.files.sharelink.link.ResolvedLink;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;

/** One row of the resolution query: what a token opens, and what can kill it. */
record Resolution(String tokenHash, UUID linkId, UUID fileId, @Nullable Instant expiresAt, ResolvedLink link) {

	/**
	 * Active, unexpired links to files that still exist; the caller adds the condition on
	 * {@code l.token_hash}.
	 */
	static final String SELECT = """
			SELECT l.token_hash, l.link_id, l.file_id, l.expires_at,
			       f.provider, f.bucket, f.object_key, f.name, f.content_type
			FROM share_link l JOIN file_object f ON f.file_id = l.file_id
			WHERE l.state = 'ACTIVE' AND (l.expires_at IS NULL OR l.expires_at > now())
			  AND NOT f.deleted AND f.object_key IS NOT NULL AND\s""";

	static Resolution of(Readable row) {
		java.time.OffsetDateTime expiresAt = row.get("expires_at", java.time.OffsetDateTime.class);
		return new Resolution(row.get("token_hash", String.class).trim(), row.get("link_id", UUID.class),
				row.get("file_id", UUID.class), (expiresAt != null) ? expiresAt.toInstant() : null,
				new ResolvedLink(row.get("provider", String.class), row.get("bucket", String.class),
						row.get("object_key", String.class), row.get("name", String.class),
						row.get("content_type", String.class)));
	}

	boolean expiredAt(Instant now) {
		return this.expiresAt != null && !this.expiresAt.isAfter(now);
	}

}
