package com.cloudstorage.files.metadata.session.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.session.SessionState;
import com.cloudstorage.files.metadata.session.UploadMode;
import com.cloudstorage.files.metadata.session.UploadSession;
import com.cloudstorage.files.metadata.session.UploadSessions;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** SQL for the upload_session table. */
@Repository
class UploadSessionRepository implements UploadSessions {

	private static final String COLUMNS = "id, file_id, owner, provider, object_key, mode, size, part_size, part_count, sha256, state, created_at, expires_at";

	private final DatabaseClient db;

	UploadSessionRepository(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Void> insert(UploadSession session) {
		DatabaseClient.GenericExecuteSpec insert = this.db.sql("""
				INSERT INTO upload_session (id, file_id, owner, provider, object_key, mode, size, part_size, part_count,
				                            sha256, state, created_at, expires_at)
				VALUES (:id, :fileId, :owner, :provider, :key, :mode, :size, :partSize, :partCount, :sha256, :state,
				        :createdAt, :expiresAt)""")
			.bind("id", session.id())
			.bind("fileId", session.fileId())
			.bind("owner", session.owner())
			.bind("provider", session.provider())
			.bind("key", session.key())
			.bind("mode", session.mode().name())
			.bind("size", session.size())
			.bind("partSize", session.partSize())
			.bind("partCount", session.partCount())
			.bind("state", session.state().name())
			.bind("createdAt", session.createdAt().atOffset(ZoneOffset.UTC))
			.bind("expiresAt", session.expiresAt().atOffset(ZoneOffset.UTC));
		insert = (session.sha256() != null) ? insert.bind("sha256", session.sha256())
				: insert.bindNull("sha256", String.class);
		return insert.then();
	}

	@Override
	public Mono<UploadSession> findById(UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM upload_session WHERE id = :id")
			.bind("id", id)
			.map(UploadSessionRepository::session)
			.one();
	}

	@Override
	public Mono<UploadSession> lockById(UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM upload_session WHERE id = :id FOR UPDATE")
			.bind("id", id)
			.map(UploadSessionRepository::session)
			.one();
	}

	@Override
	public Mono<Boolean> transition(UUID id, SessionState from, SessionState to) {
		return this.db.sql("UPDATE upload_session SET state = :to WHERE id = :id AND state = :from")
			.bind("id", id)
			.bind("from", from.name())
			.bind("to", to.name())
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
	}

	@Override
	public Mono<Boolean> claimWriter(UUID id, UUID writer, Instant now, Instant until) {
		return this.db.sql("""
				UPDATE upload_session SET writer = :writer, writer_until = :until
				WHERE id = :id AND state = 'OPEN' AND (writer IS NULL OR writer = :writer OR writer_until <= :now)""")
			.bind("id", id)
			.bind("writer", writer)
			.bind("now", now.atOffset(ZoneOffset.UTC))
			.bind("until", until.atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated()
			.map((rows) -> rows > 0);
	}

	@Override
	public Mono<Void> releaseWriter(UUID id, UUID writer) {
		return this.db
			.sql("UPDATE upload_session SET writer = NULL, writer_until = NULL WHERE id = :id AND writer = :writer")
			.bind("id", id)
			.bind("writer", writer)
			.then();
	}

	@Override
	public Flux<UploadSession> lockExpired(Instant now, int limit) {
		return this.db.sql("SELECT " + COLUMNS + """
				 FROM upload_session WHERE state = 'OPEN' AND expires_at <= :now
				ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
			.bind("now", now.atOffset(ZoneOffset.UTC))
			.bind("limit", limit)
			.map(UploadSessionRepository::session)
			.all();
	}

	private static UploadSession session(Readable row) {
		return new UploadSession(row.get("id", UUID.class), row.get("file_id", UUID.class),
				row.get("owner", String.class), row.get("provider", String.class), row.get("object_key", String.class),
				UploadMode.valueOf(row.get("mode", String.class)), row.get("size", Long.class),
				row.get("part_size", Long.class), row.get("part_count", Integer.class), row.get("sha256", String.class),
				SessionState.valueOf(row.get("state", String.class)),
				row.get("created_at", OffsetDateTime.class).toInstant(),
				row.get("expires_at", OffsetDateTime.class).toInstant());
	}

}
