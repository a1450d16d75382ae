package com.cloudstorage.files.kit.security;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signing-keys warm-up against a real key-set endpoint, through the kit's own
 * decoder: it fetches the keys once (the first request then finds them), and fails,
 * rather than passing, when the issuer cannot hand them out.
 */
class SigningKeysWarmUpTests {

	private final AtomicInteger keySetRequests = new AtomicInteger();

	private DisposableServer issuer;

	@AfterEach
	void stop() {
		if (this.issuer != null) {
			this.issuer.disposeNow();
		}
	}

	@Test
	void fetchesTheSigningKeysOnceSoTheFirstRequestFindsThem() throws Exception {
		String keySet = keySet();
		ReactiveJwtDecoder decoder = decoder(issuer(200, keySet));

		StepVerifier.create(SigningKeysWarmUp.run(decoder)).expectComplete().verify(Duration.ofSeconds(30));
		assertThat(this.keySetRequests).as("keys fetched by the warm-up").hasValue(1);

		// Later checks use the keys the warm-up fetched.
		StepVerifier.create(SigningKeysWarmUp.run(decoder)).expectComplete().verify(Duration.ofSeconds(30));
		assertThat(this.keySetRequests).hasValue(1);
	}

	@Test
	void anIssuerThatCannotHandOutItsKeysFailsTheStep() throws Exception {
		ReactiveJwtDecoder decoder = decoder(issuer(500, "{}"));

		StepVerifier.create(SigningKeysWarmUp.run(decoder))
			.expectError(AuthenticationServiceException.class)
			.verify(Duration.ofSeconds(30));
		assertThat(this.keySetRequests).hasPositiveValue();
	}

	private String issuer(int status, String body) {
		this.issuer = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/jwks", (request, response) -> {
				this.keySetRequests.incrementAndGet();
				return response.status(status).header("Content-Type", "application/json").sendString(Mono.just(body));
			}))
			.bindNow();
		return "http://127.0.0.1:" + this.issuer.port() + "/jwks";
	}

	/** The decoder every service gets from the kit. */
	private static ReactiveJwtDecoder decoder(String jwkSetUri) throws Exception {
		OAuth2ResourceServerProperties properties = new OAuth2ResourceServerProperties();
		properties.getJwt().setJwkSetUri(jwkSetUri);
		return new ResourceServerAutoConfiguration().kitJwtDecoder(properties,
				new SecurityProperties(List.of("files-api"), Duration.ofSeconds(5)));
	}

	private static String keySet() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
		return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"test\",\"n\":\"" + unsigned(key.getModulus())
				+ "\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\"}]}";
	}

	private static String unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		if (bytes.length > 1 && bytes[0] == 0) {
			bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
