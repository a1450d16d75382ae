package com.cloudstorage.files.storage.cleanup.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.storage.cleanup.FileCatalogue;
import com.cloudstorage.files.storage.security.FinishedUploads;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * {@link FileCatalogue} in the {@code catalogue_entry} table; also tells the byte API
 * which keys' uploads are over ({@link FinishedUploads}: known at all, available or
 * gone).
 */
@Repository
class R2dbcFileCatalogue implements FileCatalogue, FinishedUploads {

	private final DatabaseClient db;

	R2dbcFileCatalogue(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Void> available(String provider, String key, UUID fileId) {
		return this.db.sql("INSERT INTO catalogue_entry (provider, object_key, file_id, state, changed_at)"
				+ " VALUES (:provider, :key, :fileId, 'AVAILABLE', :at) ON CONFLICT (provider, object_key) DO NOTHING")
			.bind("provider", provider)
			.bind("key", key)
			.bind("fileId", fileId)
			.bind("at", now())
			.then();
	}

	@Override
	public Mono<Void> gone(String provider, String key, UUID fileId) {
		return this.db
			.sql("INSERT INTO catalogue_entry (provider, object_key, file_id, state, changed_at)"
					+ " VALUES (:provider, :key, :fileId, 'GONE', :at) ON CONFLICT (provider, object_key)"
					+ " DO UPDATE SET state = 'GONE', changed_at = EXCLUDED.changed_at"
					+ " WHERE catalogue_entry.state <> 'GONE'")
			.bind("provider", provider)
			.bind("key", key)
			.bind("fileId", fileId)
			.bind("at", now())
			.then();
	}

	@Override
	public Mono<Boolean> isAvailable(String provider, String key) {
		return exists("SELECT 1 FROM catalogue_entry WHERE provider = :provider AND object_key = :key"
				+ " AND state = 'AVAILABLE'", provider, key);
	}

	@Override
	public Mono<Boolean> isKnown(String provider, String key) {
		return exists("SELECT 1 FROM catalogue_entry WHERE provider = :provider AND object_key = :key", provider, key);
	}

	@Override
	public Mono<Boolean> isFinished(String provider, String key) {
		return isKnown(provider, key);
	}

	private Mono<Boolean> exists(String query, String provider, String key) {
		return this.db.sql(query).bind("provider", provider).bind("key", key).map((row) -> 1).first().hasElement();
	}

	@Override
	public Mono<Instant> completeSince() {
		return this.db.sql("SELECT complete_since FROM catalogue_view WHERE id = 1")
			.map((row) -> row.get("complete_since", OffsetDateTime.class))
			.one()
			.map(OffsetDateTime::toInstant)
			// No row: nothing is known to be complete, so nothing is removed.
			.defaultIfEmpty(Instant.MAX);
	}

	@Override
	public Flux<String> availableBefore(String provider, Instant instant) {
		return this.db
			.sql("SELECT object_key FROM catalogue_entry WHERE provider = :provider AND state = 'AVAILABLE'"
					+ " AND changed_at < :before")
			.bind("provider", provider)
			.bind("before", OffsetDateTime.ofInstant(instant, ZoneOffset.UTC))
			.map((row) -> row.get("object_key", String.class))
			.all();
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC);
	}

}
