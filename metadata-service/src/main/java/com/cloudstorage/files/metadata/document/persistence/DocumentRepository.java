package com.cloudstorage.files.metadata.document.persistence;

import java.time.Instant;
import java.time.ZoneOffset;

import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.document.Document;
import com.cloudstorage.files.metadata.document.DocumentStatus;
import com.cloudstorage.files.metadata.document.Documents;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** SQL for the documents and processed_event tables. */
@Repository
class DocumentRepository implements Documents {

	/** Advisory lock class of documents; the key must stay FileRepository's. */
	private static final int DOCUMENT_LOCK_CLASS = 1_146_048_323;

	private final DatabaseClient db;

	DocumentRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Inserts or updates, unless the stored status is newer than {@code at}. Takes the
	 * document's advisory lock exclusively first, so that a file delete that holds it
	 * shared (FileRepository.lockAttachedDocuments, same key) is not overtaken. Must run
	 * in a transaction.
	 */
	@Override
	public Mono<Boolean> upsert(Document document, Instant at) {
		Mono<Void> lock = this.db
			.sql("SELECT pg_advisory_xact_lock(" + DOCUMENT_LOCK_CLASS + ", hashtext(:type || '/' || :name)) AS locked")
			.bind("type", document.type())
			.bind("name", document.name())
			.fetch()
			.rowsUpdated()
			.then();
		return lock.then(this.db
			.sql("""
					INSERT INTO documents (doc_type, doc_name, status, updated_at) VALUES (:type, :name, :status, :at)
					ON CONFLICT (doc_type, doc_name) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
					WHERE documents.updated_at <= EXCLUDED.updated_at""")
			.bind("type", document.type())
			.bind("name", document.name())
			.bind("status", document.status().wire())
			.bind("at", at.atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated()
			.map((count) -> count > 0));
	}

	@Override
	public Mono<Document> find(String type, String name) {
		return this.db.sql("SELECT status FROM documents WHERE doc_type = :type AND doc_name = :name")
			.bind("type", type)
			.bind("name", name)
			.map((row) -> new Document(type, name, DocumentStatus.parse(row.get("status", String.class))))
			.one();
	}

	@Override
	public Mono<Long> forgetProcessedBefore(Instant before) {
		return this.db.sql("""
				DELETE FROM processed_event WHERE event_id IN (
				  SELECT event_id FROM processed_event WHERE processed_at < :before LIMIT 10000)""")
			.bind("before", before.atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated();
	}

	/** Records an event id; false when it was already there. */
	@Override
	public Mono<Boolean> markProcessed(String eventId) {
		return this.db
			.sql("INSERT INTO processed_event (event_id, processed_at) VALUES (:id, now()) ON CONFLICT DO NOTHING")
			.bind("id", eventId)
			.fetch()
			.rowsUpdated()
			.map((count) -> count > 0);
	}

}
