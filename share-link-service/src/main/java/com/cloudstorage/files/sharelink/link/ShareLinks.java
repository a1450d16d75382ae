package com.cloudstorage.files.sharelink.link;

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

}
