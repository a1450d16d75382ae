package com.cloudstorage.files.kit.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers tokens that passed every check, so a caller's next requests with the same
 * token skip the RSA signature check and the claim parsing (issue #10: a sizeable share
 * of the CPU of every API request on the gateway and again on metadata-service). Whether
 * a token is valid depends only on its bytes and the clock, so the answer is reused for
 * the very same string only, and never past the token's own {@code exp} (stricter than
 * the decoder, which allows clock skew) nor longer than {@code maxAge} (so a signing key
 * the issuer withdraws stops working here within that time). Failures are never
 * remembered. Bounded: when full, expired entries go first, then arbitrary ones.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder delegate;

	private final int maxEntries;

	private final Duration maxAge;

	private final Clock clock;

	private final Map<String, Verified> verified = new ConcurrentHashMap<>();

	VerifiedTokens(ReactiveJwtDecoder delegate, int maxEntries, Duration maxAge, Clock clock) {
		this.delegate = delegate;
		this.maxEntries = maxEntries;
		this.maxAge = maxAge;
		this.clock = clock;
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		Verified known = this.verified.get(token);
		if (known != null) {
			if (this.clock.instant().isBefore(known.until())) {
				return Mono.just(known.jwt());
			}
			this.verified.remove(token, known);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> remember(token, jwt));
	}

	/** Tokens remembered right now (for tests). */
	int size() {
		return this.verified.size();
	}

	private void remember(String token, Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			// A token without expiry is checked every time.
			return;
		}
		Instant now = this.clock.instant();
		Instant until = now.plus(this.maxAge);
		if (expiresAt.isBefore(until)) {
			until = expiresAt;
		}
		if (!now.isBefore(until)) {
			return;
		}
		if (this.verified.size() >= this.maxEntries) {
			makeRoom(now);
		}
		this.verified.put(token, new Verified(jwt, until));
	}

	private void makeRoom(Instant now) {
		this.verified.values().removeIf((entry) -> !now.isBefore(entry.until()));
		Iterator<String> tokens = this.verified.keySet().iterator();
		while (this.verified.size() >= this.maxEntries && tokens.hasNext()) {
			tokens.next();
			tokens.remove();
		}
	}

	private record Verified(Jwt jwt, Instant until) {
	}

}
