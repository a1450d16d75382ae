package com.cloudstorage.files.kit.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A verified token is reused for the same string only, never past its expiry or the
 * maximum age, and a refused token is checked again every time.
 */
class VerifiedTokensTests {

	private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

	private final MovableClock clock = new MovableClock(START);

	private final List<String> checked = new ArrayList<>();

	/** Stands in for the signature check: "bad" fails, others expire per their name. */
	private final ReactiveJwtDecoder checks = (token) -> {
		this.checked.add(token);
		if (token.startsWith("bad")) {
			return Mono.error(new BadJwtException("forged"));
		}
		Jwt.Builder jwt = Jwt.withTokenValue(token).header("alg", "RS256").subject("alice").issuedAt(START);
		if (!token.startsWith("eternal")) {
			jwt.expiresAt(START.plus(Duration.ofMinutes(token.startsWith("short") ? 1 : 60)));
		}
		return Mono.just(jwt.build());
	};

	private final VerifiedTokens tokens = new VerifiedTokens(this.checks, 3, Duration.ofMinutes(5), this.clock);

	@Test
	void aVerifiedTokenIsCheckedOnceUntilTheMaximumAge() {
		assertThat(this.tokens.decode("alice-1").block().getSubject()).isEqualTo("alice");
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.tokens.decode("alice-1").block().getTokenValue()).isEqualTo("alice-1");
		assertThat(this.checked).containsExactly("alice-1");
		this.clock.advance(Duration.ofMinutes(1));
		this.tokens.decode("alice-1").block();
		assertThat(this.checked).containsExactly("alice-1", "alice-1");
	}

	@Test
	void aTokenIsNeverReusedPastItsExpiry() {
		this.tokens.decode("short-1").block();
		this.clock.advance(Duration.ofSeconds(59));
		this.tokens.decode("short-1").block();
		assertThat(this.checked).containsExactly("short-1");
		this.clock.advance(Duration.ofSeconds(1));
		this.tokens.decode("short-1").block();
		assertThat(this.checked).containsExactly("short-1", "short-1");
	}

	@Test
	void refusedTokensAndTokensWithoutExpiryAreCheckedEveryTime() {
		assertThatThrownBy(() -> this.tokens.decode("bad-1").block()).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> this.tokens.decode("bad-1").block()).isInstanceOf(BadJwtException.class);
		this.tokens.decode("eternal-1").block();
		this.tokens.decode("eternal-1").block();
		assertThat(this.checked).containsExactly("bad-1", "bad-1", "eternal-1", "eternal-1");
		assertThat(this.tokens.size()).isZero();
	}

	@Test
	void onlyTheVeryTokenStringIsReused() {
		this.tokens.decode("alice-1").block();
		this.tokens.decode("alice-2").block();
		assertThat(this.checked).containsExactly("alice-1", "alice-2");
	}

	@Test
	void staysWithinItsBoundExpiredEntriesFirst() {
		this.tokens.decode("short-1").block();
		this.tokens.decode("alice-1").block();
		this.tokens.decode("alice-2").block();
		this.clock.advance(Duration.ofMinutes(2));
		this.tokens.decode("alice-3").block();
		assertThat(this.tokens.size()).isEqualTo(3);
		this.tokens.decode("alice-1").block();
		this.tokens.decode("alice-2").block();
		assertThat(this.checked).containsExactly("short-1", "alice-1", "alice-2", "alice-3");
		for (int i = 4; i < 20; i++) {
			this.tokens.decode("alice-" + i).block();
		}
		assertThat(this.tokens.size()).isLessThanOrEqualTo(3);
	}

	private static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
