package com.cloudstorage.files.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints RS256 tokens with the test key whose public half the service trusts
 * ({@code spring.security.oauth2.resourceserver.jwt.public-key-location}); no issuer runs
 * in tests.
 */
final class TestTokens {

	static final String ISSUER = "http://localhost:9090";

	private static final PrivateKey KEY = loadKey();

	private TestTokens() {
	}

	static String token(String subject, String... scopes) {
		return sign(KEY, subject, Instant.now().plusSeconds(600), scopes);
	}

	static String expired(String subject, String... scopes) {
		return sign(KEY, subject, Instant.now().minusSeconds(600), scopes);
	}

	/**
	 * The claims asked for under the signature of other claims, as a forger would send
	 * them. (Not signed with a freshly generated key: making a 2048-bit key took up to 8
	 * s on a loaded machine, long enough to be mistaken for a request that got no answer,
	 * issue #8.)
	 */
	static String forged(String subject, String... scopes) {
		String[] wanted = token(subject, scopes).split("\\.");
		String[] signedOther = token(subject + "-other", scopes).split("\\.");
		return wanted[0] + "." + wanted[1] + "." + signedOther[2];
	}

	private static String sign(PrivateKey key, String subject, Instant expiresAt, String... scopes) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issuer(ISSUER)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(expiresAt.minusSeconds(1200)))
			.expirationTime(Date.from(expiresAt))
			.claim("scope", String.join(" ", scopes))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static PrivateKey loadKey() {
		try (InputStream in = TestTokens.class.getResourceAsStream("/test-jwt-private.pem")) {
			String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			return KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
