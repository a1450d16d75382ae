package com.cloudstorage.files.gateway.identity;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import com.cloudstorage.files.testsupport.TestTokenEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceTokensTests {

	@Test
	void callersAtOnceShareOneTokenRequest() {
		try (TestTokenEndpoint issuer = TestTokenEndpoint.start("metadata-service")) {
			ServiceTokens tokens = new ServiceTokens(properties(issuer, Duration.ofSeconds(60)));
			List<String> bearers = Flux.range(0, 32)
				.flatMap((caller) -> tokens.bearer(), 32)
				.collectList()
				.block(Duration.ofSeconds(60));
			assertThat(bearers).hasSize(32).allMatch((bearer) -> bearer.equals(bearers.get(0)));
			assertThat(bearers.get(0)).startsWith("Bearer ");
			assertThat(issuer.issued()).isEqualTo(1);
			tokens.bearer().block(Duration.ofSeconds(60));
			assertThat(issuer.issued()).isEqualTo(1);
		}
	}

	@Test
	void aTokenCloseToItsExpiryIsFetchedAgain() throws InterruptedException {
		// Valid for 61 s, replaced 60 s before: kept for about 1 s.
		try (TestTokenEndpoint issuer = TestTokenEndpoint.start(Duration.ofSeconds(61), "metadata-service")) {
			ServiceTokens tokens = new ServiceTokens(properties(issuer, Duration.ofSeconds(60)));
			String first = tokens.bearer().block(Duration.ofSeconds(60));
			assertThat(issuer.issued()).isEqualTo(1);
			Thread.sleep(1500);
			String second = tokens.bearer().block(Duration.ofSeconds(60));
			assertThat(issuer.issued()).isEqualTo(2);
			assertThat(second).isNotEqualTo(first);
		}
	}

	private static ServiceIdentityProperties properties(TestTokenEndpoint issuer, Duration refreshBeforeExpiry) {
		return new ServiceIdentityProperties(URI.create(issuer.tokenUri()), TestTokenEndpoint.CLIENT_ID,
				// Not about timeouts: the endpoint's first token (key generation, class
				// loading) can take seconds on a busy machine.
				TestTokenEndpoint.CLIENT_SECRET, "files:internal", refreshBeforeExpiry, Duration.ofSeconds(30));
	}

}
