package com.cloudstorage.files.sharelink.link.persistence;

import java.time.Instant;
import java.util.UUID;

import com.cloudstorage.files.sharelink.link.ResolvedLink;
import com.cloudstorage.files.sharelink.link.ShareLinks;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the projection: a link the {@link ResolutionCache} has confirmed comes from
 * memory, any other costs one indexed lookup.
 */
@Repository
class R2dbcShareLinks implements ShareLinks {

	private final DatabaseClient database;

	private final ResolutionCache cache;

	R2dbcShareLinks(DatabaseClient database, ResolutionCache cache) {
		this.database = database;
		this.cache = cache;
	}

	@Override
	public Mono<ResolvedLink> resolve(String tokenHash) {
		ResolvedLink cached = this.cache.cached(tokenHash);
		if (cached != null) {
			return Mono.just(cached);
		}
		return this.database.sql(Resolution.SELECT + "l.token_hash = :hash")
			.bind("hash", tokenHash)
			.map(Resolution::of)
			.one()
			.doOnNext(this.cache::remember)
			.map(Resolution::link);
	}

	@Override
	public Mono<Instant> fence() {
		return this.cache.mark();
	}

	@Override
	public Mono<Boolean> fencePassed(Instant fence) {
		return this.cache.fencePassed(fence);
	}

	@Override
	public Mono<String> state(UUID linkId) {
		return this.database.sql("SELECT state FROM share_link WHERE link_id = :id")
			.bind("id", linkId)
			.map((row) -> row.get("state", String.class))
			.one();
	}

}
