package com.cloudstorage.files.sharelink.link.persistence;

import java.time.Instant;
import java.util.UUID;

import com.cloudstorage.files.contracts.events.v1.FileAssembled;
import com.cloudstorage.files.contracts.events.v1.FileDeleted;
import com.cloudstorage.files.contracts.events.v1.FileUploaded;
import com.cloudstorage.files.contracts.events.v1.LinkCreated;
import com.cloudstorage.files.contracts.events.v1.LinkReset;
import com.cloudstorage.files.contracts.events.v1.LinkRevoked;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Applies file events to the projection, each once: the event id is recorded in the same
 * transaction as its effect. States only move forward (ACTIVE → REVOKED, present →
 * deleted), so redelivered or late events cannot bring a dead link or a deleted file
 * back.
 */
@Component
public class LinkProjection {

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final ResolutionCache cache;

	LinkProjection(DatabaseClient database, TransactionalOperator transactions, ResolutionCache cache) {
		this.database = database;
		this.transactions = transactions;
		this.cache = cache;
	}

	public Mono<Boolean> apply(String eventId, FileUploaded event) {
		return once(eventId,
				located(event.id(), event.provider(), event.bucket(), event.key(), event.name(), event.contentType()));
	}

	/**
	 * A file that is AVAILABLE before its SHA-256 is known: its links resolve from now
	 * on, not only once {@code FileUploaded} follows (which then writes the same location
	 * again). An event from before {@code FileAssembled} carried the name is left to that
	 * {@code FileUploaded}: a link needs the name for its download.
	 */
	public Mono<Boolean> apply(String eventId, FileAssembled event) {
		if (event.name() == null || event.contentType() == null) {
			return Mono.just(false);
		}
		return once(eventId,
				located(event.id(), event.provider(), event.bucket(), event.key(), event.name(), event.contentType()));
	}

	private Mono<Void> located(UUID fileId, String provider, String bucket, String key, String name,
			String contentType) {
		return this.database.sql("""
				INSERT INTO file_object (file_id, provider, bucket, object_key, name, content_type)
				VALUES (:id, :provider, :bucket, :key, :name, :contentType)
				ON CONFLICT (file_id) DO UPDATE SET provider = excluded.provider, bucket = excluded.bucket,
				  object_key = excluded.object_key, name = excluded.name, content_type = excluded.content_type,
				  updated_at = now()""")
			.bind("id", fileId)
			.bind("provider", provider)
			.bind("bucket", bucket)
			.bind("key", key)
			.bind("name", name)
			.bind("contentType", contentType)
			.then();
	}

	public Mono<Boolean> apply(String eventId, FileDeleted event) {
		return once(eventId, this.database.sql("""
				INSERT INTO file_object (file_id, deleted) VALUES (:id, true)
				ON CONFLICT (file_id) DO UPDATE SET deleted = true, updated_at = now()""")
			.bind("id", event.id())
			.then()
			.then(this.database.sql("UPDATE share_link SET state = 'REVOKED', updated_at = now() WHERE file_id = :id")
				.bind("id", event.id())
				.then()))
			// After the commit: this replica shows the change at once (others via the
			// fence).
			.doOnSuccess((applied) -> this.cache.forgetFile(event.id()));
	}

	public Mono<Boolean> apply(String eventId, LinkCreated event) {
		return once(eventId, insertActive(event.linkId(), event.fileId(), event.tokenHash(), event.expiresAt()));
	}

	public Mono<Boolean> apply(String eventId, LinkReset event) {
		return once(eventId,
				revoke(event.oldLinkId(), event.fileId())
					.then(insertActive(event.newLinkId(), event.fileId(), event.newTokenHash(), event.expiresAt())))
			.doOnSuccess((applied) -> this.cache.forgetLink(event.oldLinkId()));
	}

	public Mono<Boolean> apply(String eventId, LinkRevoked event) {
		return once(eventId, revoke(event.linkId(), event.fileId()))
			.doOnSuccess((applied) -> this.cache.forgetLink(event.linkId()));
	}

	/**
	 * Records that everything before {@code nextOffset} in the partition is applied (or
	 * ignored, or dead-lettered). Written after the event's own transaction: a crash in
	 * between only means the event is read again and skipped as already applied.
	 */
	public Mono<Void> advance(String topic, int partition, long nextOffset) {
		return this.database.sql("""
				INSERT INTO partition_position (topic, partition, next_offset) VALUES (:topic, :partition, :next)
				ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset, updated_at = now()""")
			.bind("topic", topic)
			.bind("partition", partition)
			.bind("next", nextOffset)
			.then();
	}

	private Mono<Void> insertActive(UUID linkId, UUID fileId, String tokenHash, Instant expiresAt) {
		// A link already known (active, or revoked by an event that overtook this one) is
		// left as it is.
		DatabaseClient.GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO share_link (link_id, file_id, token_hash, state, expires_at)
				VALUES (:linkId, :fileId, :hash, 'ACTIVE', :expiresAt)
				ON CONFLICT (link_id) DO NOTHING""")
			.bind("linkId", linkId)
			.bind("fileId", fileId)
			.bind("hash", tokenHash);
		insert = (expiresAt != null) ? insert.bind("expiresAt", expiresAt)
				: insert.bindNull("expiresAt", Instant.class);
		return insert.then();
	}

	private Mono<Void> revoke(UUID linkId, UUID fileId) {
		return this.database.sql("""
				INSERT INTO share_link (link_id, file_id, state) VALUES (:linkId, :fileId, 'REVOKED')
				ON CONFLICT (link_id) DO UPDATE SET state = 'REVOKED', updated_at = now()""")
			.bind("linkId", linkId)
			.bind("fileId", fileId)
			.then();
	}

	/**
	 * Runs the effect and records the event id in one transaction; false when the event
	 * was applied before.
	 */
	private Mono<Boolean> once(String eventId, Mono<Void> effect) {
		Mono<Boolean> work = this.database
			.sql("INSERT INTO processed_event (event_id) VALUES (:id) ON CONFLICT (event_id) DO NOTHING")
			.bind("id", eventId)
			.fetch()
			.rowsUpdated()
			.flatMap((inserted) -> (inserted == 0) ? Mono.just(false) : effect.thenReturn(true));
		return this.transactions.transactional(work);
	}

}
