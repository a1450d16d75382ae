package com.cloudstorage.files.metadata.file.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.file.DocumentRef;
import com.cloudstorage.files.metadata.file.FileAttachment;
import com.cloudstorage.files.metadata.file.FileCursor;
import com.cloudstorage.files.metadata.file.FileQuery;
import com.cloudstorage.files.metadata.file.FileStatus;
import com.cloudstorage.files.metadata.file.Files;
import com.cloudstorage.files.metadata.file.StoredFile;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

/**
 * SQL for the files and file_attachments tables; joins documents only to read their
 * status.
 */
@Repository
class FileRepository implements Files {

	private static final String COLUMNS = "id, name, content_type, size, sha256, etag, private, folder, owner, provider, bucket, object_key, status, created_at";

	private static final String JOINED_COLUMNS = "f.id, f.name, f.content_type, f.size, f.sha256, f.etag, f.private, f.folder, f.owner, f.provider, f.bucket, f.object_key, f.status, f.created_at";

	/** Advisory lock class of documents; see DocumentRepository. */
	static final int DOCUMENT_LOCK_CLASS = 1_146_048_323;

	private final DatabaseClient db;

	FileRepository(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Void> insert(StoredFile file, String completionGrantHash) {
		return bindNullable(this.db
			.sql("""
					INSERT INTO files (id, name, content_type, private, folder, owner, provider, object_key, status, created_at, updated_at,
					                   completion_grant_hash)
					VALUES (:id, :name, :contentType, :private, :folder, :owner, :provider, :key, :status, :createdAt, :createdAt,
					        :grantHash)""")
			.bind("id", file.id())
			.bind("name", file.name())
			.bind("contentType", file.contentType())
			.bind("private", file.privateFile()), "folder", file.folder(), String.class).bind("owner", file.owner())
			.bind("provider", file.provider())
			.bind("key", file.key())
			.bind("status", file.status().name())
			.bind("createdAt", file.createdAt().atOffset(ZoneOffset.UTC))
			.bind("grantHash", completionGrantHash)
			.then();
	}

	/**
	 * The file and its attachments in one round trip (a row per attachment), where
	 * {@link #selectOne} needs two: this is the read behind every {@code GET} of a file.
	 */
	@Override
	public Mono<StoredFile> findById(UUID id) {
		return this.db.sql("SELECT " + JOINED_COLUMNS + """
				, a.doc_type, a.doc_name, d.status AS doc_status FROM files f
				LEFT JOIN file_attachments a ON a.file_id = f.id
				LEFT JOIN documents d ON d.doc_type = a.doc_type AND d.doc_name = a.doc_name
				WHERE f.id = :id ORDER BY a.doc_type, a.doc_name""")
			.bind("id", id)
			.map((row) -> Map.entry(toFile(row), Optional.ofNullable(attachmentOf(row))))
			.all()
			.collectList()
			.flatMap((rows) -> rows.isEmpty() ? Mono.empty()
					: Mono.just(rows.get(0)
						.getKey()
						.withAttachments(rows.stream().flatMap((row) -> row.getValue().stream()).toList())));
	}

	private static @Nullable FileAttachment attachmentOf(Readable row) {
		String type = row.get("doc_type", String.class);
		return (type != null)
				? new FileAttachment(type, row.get("doc_name", String.class), row.get("doc_status", String.class))
				: null;
	}

	/**
	 * Locks the row until the transaction ends, so that concurrent transitions see each
	 * other.
	 */
	@Override
	public Mono<StoredFile> lockById(UUID id) {
		return selectById(id, " FOR UPDATE");
	}

	@Override
	public Mono<StoredFile> lockByCompletionGrant(UUID id, String completionGrantHash) {
		return selectOne(this.db
			.sql("SELECT " + COLUMNS + " FROM files WHERE id = :id AND completion_grant_hash = :grantHash FOR UPDATE")
			.bind("id", id)
			.bind("grantHash", completionGrantHash));
	}

	private Mono<StoredFile> selectById(UUID id, String lock) {
		return selectOne(this.db.sql("SELECT " + COLUMNS + " FROM files WHERE id = :id" + lock).bind("id", id));
	}

	private Mono<StoredFile> selectOne(GenericExecuteSpec query) {
		return query.map(FileRepository::toFile).one().flatMap(this::withAttachments);
	}

	@Override
	public Mono<Void> complete(UUID id, String bucket, long size, @Nullable String sha256, @Nullable String etag,
			boolean privateFile, @Nullable String folder) {
		GenericExecuteSpec spec = this.db.sql("""
				UPDATE files SET status = 'AVAILABLE', bucket = :bucket, size = :size, sha256 = :sha256, etag = :etag,
				private = :private, folder = :folder, updated_at = now() WHERE id = :id AND status = 'PENDING'""")
			.bind("id", id)
			.bind("bucket", bucket)
			.bind("size", size)
			.bind("private", privateFile);
		spec = bindNullable(spec, "sha256", sha256, String.class);
		spec = bindNullable(spec, "etag", etag, String.class);
		spec = bindNullable(spec, "folder", folder, String.class);
		return spec.fetch().rowsUpdated().then();
	}

	@Override
	public Mono<Void> recordSha256(UUID id, String sha256) {
		return this.db
			.sql("UPDATE files SET sha256 = :sha256, updated_at = now() WHERE id = :id AND status = 'AVAILABLE'"
					+ " AND sha256 IS NULL")
			.bind("id", id)
			.bind("sha256", sha256)
			.fetch()
			.rowsUpdated()
			.then();
	}

	/**
	 * Moves a file from one status to another; false when it was not in {@code from} any
	 * more.
	 */
	@Override
	public Mono<Boolean> transition(UUID id, FileStatus from, FileStatus to, @Nullable String deletedBy) {
		return bindNullable(this.db.sql(
				"UPDATE files SET status = :to, deleted_by = :deletedBy, updated_at = now() WHERE id = :id AND status = :from")
			.bind("id", id)
			.bind("from", from.name())
			.bind("to", to.name()), "deletedBy", deletedBy, String.class).fetch()
			.rowsUpdated()
			.map((count) -> count > 0);
	}

	/** Marks stale reservations EXPIRED, skipping rows another replica is working on. */
	@Override
	public Flux<StoredFile> expirePending(Instant createdBefore, int limit) {
		return this.db.sql("""
				UPDATE files SET status = 'EXPIRED', updated_at = now() WHERE id IN (
				  SELECT id FROM files WHERE status = 'PENDING' AND created_at < :before
				  ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING\s""" + COLUMNS)
			.bind("before", createdBefore.atOffset(ZoneOffset.UTC))
			.bind("limit", limit)
			.map(FileRepository::toFile)
			.all();
	}

	@Override
	public Mono<Void> replaceAttachments(UUID id, List<DocumentRef> documents) {
		Mono<Void> delete = this.db.sql("DELETE FROM file_attachments WHERE file_id = :id").bind("id", id).then();
		return delete.then(Flux.fromIterable(documents).concatMap((doc) -> addAttachment(id, doc)).then());
	}

	/** Idempotent: attaching twice leaves one row. */
	@Override
	public Mono<Boolean> addAttachment(UUID id, DocumentRef document) {
		return this.db.sql("""
				INSERT INTO file_attachments (file_id, doc_type, doc_name) VALUES (:id, :type, :name)
				ON CONFLICT DO NOTHING""")
			.bind("id", id)
			.bind("type", document.type())
			.bind("name", document.name())
			.fetch()
			.rowsUpdated()
			.map((count) -> count > 0);
	}

	@Override
	public Mono<Boolean> removeAttachment(UUID id, DocumentRef document) {
		return this.db.sql("DELETE FROM file_attachments WHERE file_id = :id AND doc_type = :type AND doc_name = :name")
			.bind("id", id)
			.bind("type", document.type())
			.bind("name", document.name())
			.fetch()
			.rowsUpdated()
			.map((count) -> count > 0);
	}

	@Override
	public Mono<Void> removeAllAttachments(UUID id) {
		return this.db.sql("DELETE FROM file_attachments WHERE file_id = :id").bind("id", id).then();
	}

	/**
	 * Advisory locks, because a document may have no row yet. The key must stay the one
	 * DocumentRepository takes exclusively: class {@value #DOCUMENT_LOCK_CLASS} and
	 * {@code hashtext(type || '/' || name)}; a hash collision only serialises more.
	 */
	@Override
	public Mono<Void> lockAttachedDocuments(UUID id) {
		return this.db
			.sql("SELECT count(pg_advisory_xact_lock_shared(" + DOCUMENT_LOCK_CLASS
					+ ", hashtext(doc_type || '/' || doc_name))) AS n FROM (SELECT DISTINCT doc_type, doc_name"
					+ " FROM file_attachments WHERE file_id = :id ORDER BY doc_type, doc_name OFFSET 0) AS attached")
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.then();
	}

	@Override
	public Flux<DocumentRef> submittedDocumentsOf(UUID id) {
		return this.db.sql("""
				SELECT a.doc_type, a.doc_name FROM file_attachments a
				JOIN documents d ON d.doc_type = a.doc_type AND d.doc_name = a.doc_name
				WHERE a.file_id = :id AND d.status = 'submitted' ORDER BY a.doc_type, a.doc_name""")
			.bind("id", id)
			.map((row) -> new DocumentRef(row.get("doc_type", String.class), row.get("doc_name", String.class)))
			.all();
	}

	/**
	 * AVAILABLE files the subject owns or that are public, newest first, one more than
	 * asked to detect a next page.
	 */
	@Override
	public Mono<List<StoredFile>> list(FileQuery query) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
				+ " FROM files f WHERE f.status = 'AVAILABLE' AND (f.owner = :subject OR NOT f.private)");
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("subject", query.subject());
		if (query.folder() != null) {
			sql.append(" AND f.folder = :folder");
			params.put("folder", query.folder());
		}
		if (query.attachedTo() != null) {
			sql.append(" AND EXISTS (SELECT 1 FROM file_attachments a WHERE a.file_id = f.id"
					+ " AND a.doc_type = :docType AND a.doc_name = :docName)");
			params.put("docType", query.attachedTo().type());
			params.put("docName", query.attachedTo().name());
		}
		if (query.nameContains() != null) {
			sql.append(" AND f.name ILIKE :pattern ESCAPE '\\'");
			params.put("pattern", "%" + escapeLike(query.nameContains()) + "%");
		}
		FileCursor after = query.after();
		if (after != null) {
			sql.append(" AND (f.created_at, f.id) < (:afterTime, :afterId)");
			params.put("afterTime", after.createdAt().atOffset(ZoneOffset.UTC));
			params.put("afterId", after.id());
		}
		sql.append(" ORDER BY f.created_at DESC, f.id DESC LIMIT :limit");
		params.put("limit", query.limit() + 1);
		GenericExecuteSpec spec = this.db.sql(sql.toString());
		for (Map.Entry<String, Object> param : params.entrySet()) {
			spec = spec.bind(param.getKey(), param.getValue());
		}
		return spec.map(FileRepository::toFile).all().collectList().flatMap(this::withAttachments);
	}

	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private Mono<StoredFile> withAttachments(StoredFile file) {
		return withAttachments(List.of(file)).map((files) -> files.get(0));
	}

	private Mono<List<StoredFile>> withAttachments(List<StoredFile> files) {
		if (files.isEmpty()) {
			return Mono.just(files);
		}
		UUID[] ids = files.stream().map(StoredFile::id).toArray(UUID[]::new);
		return this.db.sql("""
				SELECT a.file_id, a.doc_type, a.doc_name, d.status FROM file_attachments a
				LEFT JOIN documents d ON d.doc_type = a.doc_type AND d.doc_name = a.doc_name
				WHERE a.file_id = ANY(:ids) ORDER BY a.doc_type, a.doc_name""")
			.bind("ids", ids)
			.map((row) -> Map.entry(row.get("file_id", UUID.class),
					new FileAttachment(row.get("doc_type", String.class), row.get("doc_name", String.class),
							row.get("status", String.class))))
			.all()
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
			.map((byFile) -> {
				List<StoredFile> result = new ArrayList<>(files.size());
				for (StoredFile file : files) {
					result.add(file.withAttachments(List.copyOf(byFile.getOrDefault(file.id(), List.of()))));
				}
				return result;
			});
	}

	private static GenericExecuteSpec bindNullable(GenericExecuteSpec spec, String name, @Nullable Object value,
			Class<?> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	private static StoredFile toFile(Readable row) {
		return new StoredFile(row.get("id", UUID.class), row.get("name", String.class),
				row.get("content_type", String.class), row.get("size", Long.class), row.get("sha256", String.class),
				row.get("etag", String.class), Boolean.TRUE.equals(row.get("private", Boolean.class)),
				row.get("folder", String.class), row.get("owner", String.class), row.get("provider", String.class),
				row.get("bucket", String.class), row.get("object_key", String.class),
				FileStatus.valueOf(row.get("status", String.class)),
				row.get("created_at", OffsetDateTime.class).toInstant(), List.of());
	}

}
