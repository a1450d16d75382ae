package com.cloudstorage.files.storage.upload.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.storage.upload.UploadSession;
import com.cloudstorage.files.storage.upload.UploadSessions;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** {@link UploadSessions} in the {@code upload_session} table. */
@Repository
class R2dbcUploadSessions implements UploadSessions {

	private static final String COLUMNS = "upload_id, provider, bucket, object_key, started_at";

	private final DatabaseClient db;

	R2dbcUploadSessions(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Void> started(UploadSession session) {
		return this.db
			.sql("INSERT INTO upload_session (" + COLUMNS + ") VALUES (:uploadId, :provider, :bucket, :key, :startedAt)"
					+ " ON CONFLICT (upload_id) DO NOTHING")
			.bind("uploadId", session.uploadId())
			.bind("provider", session.provider())
			.bind("bucket", session.bucket())
			.bind("key", session.key())
			.bind("startedAt", OffsetDateTime.ofInstant(session.startedAt(), ZoneOffset.UTC))
			.then();
	}

	@Override
	public Mono<Void> ended(String uploadId) {
		return this.db.sql("DELETE FROM upload_session WHERE upload_id = :uploadId").bind("uploadId", uploadId).then();
	}

	@Override
	public Flux<UploadSession> startedBefore(Instant instant) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM upload_session WHERE started_at < :cutoff ORDER BY started_at LIMIT 1000")
			.bind("cutoff", OffsetDateTime.ofInstant(instant, ZoneOffset.UTC))
			.map(R2dbcUploadSessions::session)
			.all();
	}

	@Override
	public Flux<UploadSession> forKey(String provider, String key) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM upload_session WHERE provider = :provider AND object_key = :key")
			.bind("provider", provider)
			.bind("key", key)
			.map(R2dbcUploadSessions::session)
			.all();
	}

	@Override
	public Mono<Void> writing(String provider, String key) {
		return this.db
			.sql("INSERT INTO written_object (provider, object_key, written_at) VALUES (:provider, :key, :at)"
					+ " ON CONFLICT (provider, object_key) DO NOTHING")
			.bind("provider", provider)
			.bind("key", key)
			.bind("at", OffsetDateTime.now(ZoneOffset.UTC))
			.then();
	}

	@Override
	public Mono<Boolean> wasWritten(String provider, String key) {
		return forKey("SELECT 1 FROM written_object", provider, key).map((row) -> 1).first().hasElement();
	}

	@Override
	public Mono<Void> forgetWritten(String provider, String key) {
		return forKey("DELETE FROM written_object", provider, key).then();
	}

	private DatabaseClient.GenericExecuteSpec forKey(String statement, String provider, String key) {
		return this.db.sql(statement + " WHERE provider = :provider AND object_key = :key")
			.bind("provider", provider)
			.bind("key", key);
	}

	private static UploadSession session(Readable row) {
		OffsetDateTime startedAt = row.get("started_at", OffsetDateTime.class);
		return new UploadSession(row.get("upload_id", String.class), row.get("provider", String.class),
				row.get("bucket", String.class), row.get("object_key", String.class),
				(startedAt != null) ? startedAt.toInstant() : Instant.EPOCH);
	}

}
