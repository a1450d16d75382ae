package com.cloudstorage.files.sharelink.link;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

/** The link projection, as the resolver and the read-your-writes check see it. */
public interface ShareLinks {

	/**
	 * The object an active, unexpired link to a file that still exists opens; empty
	 * otherwise.
	 * @param tokenHash hex SHA-256 of the token, must not be {@literal null}
	 */
	Mono<ResolvedLink> resolve(String tokenHash);

	/**
	 * The projected state of a link: {@code ACTIVE}, {@code REVOKED}, or empty when not
	 * applied yet.
	 */
	Mono<String> state(UUID linkId);

	/**
	 * A fence for replicas that answer from memory: the projection's clock now. Take it
	 * after the change was seen applied.
	 */
	Mono<Instant> fence();

	/**
	 * True once no replica can answer from memory anything it confirmed before the fence,
	 * so a change applied before the fence holds on every replica.
	 */
	Mono<Boolean> fencePassed(Instant fence);

}
