package com.cloudstorage.files.sharelink.link.persistence;

import java.util.UUID;

import com.cloudstorage.files.sharelink.link.ResolvedLink;
import com.cloudstorage.files.sharelink.link.ShareLinks;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Reads the projection: one indexed lookup per resolution. */
@Repository
class R2dbcShareLinks implements ShareLinks {

	private final DatabaseClient database;

	R2dbcShareLinks(DatabaseClient database) {
		this.database = database;
	}

	@Override
	public Mono<ResolvedLink> resolve(String tokenHash) {
		return this.database.sql("""
				SELECT f.provider, f.bucket, f.object_key, f.name, f.content_type
				FROM share_link l JOIN file_object f ON f.file_id = l.file_id
				WHERE l.token_hash = :hash AND l.state = 'ACTIVE'
				  AND (l.expires_at IS NULL OR l.expires_at > now())
				  AND NOT f.deleted AND f.object_key IS NOT NULL""")
			.bind("hash", tokenHash)
			.map((row) -> new ResolvedLink(row.get("provider", String.class), row.get("bucket", String.class),
					row.get("object_key", String.class), row.get("name", String.class),
					row.get("content_type", String.class)))
			.one();
	}

	@Override
	public Mono<String> state(UUID linkId) {
		return this.database.sql("SELECT state FROM share_link WHERE link_id = :id")
			.bind("id", linkId)
			.map((row) -> row.get("state", String.class))
			.one();
	}

}
