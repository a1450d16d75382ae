package com.cloudstorage.files.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints real RS256 tokens for the tests; the gateway trusts the public half via
 * {@code public-key-location}.
 */
public final class TestTokens {

	public static final String ISSUER = "http://issuer.test";

	private static final KeyPair TRUSTED = generate();

	private static final KeyPair FORGER = generate();

	private static final Path PUBLIC_KEY = writePublicKey();

	private TestTokens() {
	}

	public static String publicKeyLocation() {
		return PUBLIC_KEY.toUri().toString();
	}

	public static String bearer(String subject, String... scopes) {
		return "Bearer " + sign(TRUSTED, subject, ISSUER, Instant.now().plusSeconds(600), scopes);
	}

	public static String forged(String subject, String... scopes) {
		return "Bearer " + sign(FORGER, subject, ISSUER, Instant.now().plusSeconds(600), scopes);
	}

	public static String expired(String subject, String... scopes) {
		return "Bearer " + sign(TRUSTED, subject, ISSUER, Instant.now().minusSeconds(600), scopes);
	}

	private static String sign(KeyPair keys, String subject, String issuer, Instant expiresAt, String... scopes) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issuer(issuer)
			.issueTime(Date.from(expiresAt.minusSeconds(3600)))
			.expirationTime(Date.from(expiresAt))
			.claim("scope", List.of(scopes))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		try {
			jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path writePublicKey() {
		try {
			Path file = Files.createTempFile("gateway-test-key", ".pub");
			file.toFile().deleteOnExit();
			String pem = "-----BEGIN PUBLIC KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(TRUSTED.getPublic().getEncoded())
					+ "\n-----END PUBLIC KEY-----\n";
			Files.writeString(file, pem);
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
