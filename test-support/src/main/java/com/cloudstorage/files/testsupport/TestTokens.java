package com.cloudstorage.files.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Real RS256 tokens for tests. A service under test trusts the public half through
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location} =
 * {@link #publicKeyLocation()} and issuer {@link #ISSUER}, and accepts the audience its
 * tokens are minted for; no issuer runs ({@link TestTokenEndpoint} hands out service
 * tokens where a client-credentials call is needed).
 */
public final class TestTokens {

	public static final String ISSUER = "http://issuer.test";

	/**
	 * The audience of user tokens: the public files API (the gateway and
	 * metadata-service).
	 */
	public static final String USER_AUDIENCE = "files-api";

	/** The scope of a service identity. */
	public static final String INTERNAL_SCOPE = "files:internal";

	/** The client id service tokens name as their subject. */
	public static final String SERVICE_CLIENT = "gateway-service";

	private static final Duration VALIDITY = Duration.ofHours(1);

	private static final KeyPair TRUSTED = generate();

	private static final KeyPair FORGER = generate();

	private static final Path PUBLIC_KEY = writePublicKey();

	private TestTokens() {
	}

	/** A {@code file:} URI of the trusted public key in PEM. */
	public static String publicKeyLocation() {
		return PUBLIC_KEY.toUri().toString();
	}

	/**
	 * A token valid for an hour: test classes often mint theirs once, before a context
	 * start that took minutes on a loaded CI box.
	 */
	public static String token(String subject, String... scopes) {
		return tokenFor(List.of(USER_AUDIENCE), subject, scopes);
	}

	/**
	 * A service identity's token, as the issuer hands the gateway for client credentials:
	 * subject {@link #SERVICE_CLIENT}, scope {@link #INTERNAL_SCOPE}.
	 */
	public static String service(String... audiences) {
		return tokenFor(List.of(audiences), SERVICE_CLIENT, INTERNAL_SCOPE);
	}

	/**
	 * A token for exactly these audiences, e.g. a user token sent where it does not
	 * belong.
	 */
	public static String tokenFor(List<String> audiences, String subject, String... scopes) {
		Instant now = Instant.now();
		return sign(TRUSTED, audiences, subject, now, now.plus(VALIDITY), scopes);
	}

	/** {@code "Bearer " + token(...)}. */
	public static String bearer(String subject, String... scopes) {
		return "Bearer " + token(subject, scopes);
	}

	/** Signed by a key no service trusts. */
	public static String forged(String subject, String... scopes) {
		Instant now = Instant.now();
		return sign(FORGER, List.of(USER_AUDIENCE), subject, now, now.plus(VALIDITY), scopes);
	}

	/** Expired ten minutes ago, well beyond any clock skew a service allows. */
	public static String expired(String subject, String... scopes) {
		Instant now = Instant.now();
		return sign(TRUSTED, List.of(USER_AUDIENCE), subject, now.minusSeconds(1800), now.minusSeconds(600), scopes);
	}

	static String sign(KeyPair keys, List<String> audiences, String subject, Instant issuedAt, Instant expiresAt,
			String... scopes) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issuer(ISSUER)
			.audience(audiences)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.claim("scope", String.join(" ", scopes))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
		try {
			jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	static KeyPair trusted() {
		return TRUSTED;
	}

	private static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path writePublicKey() {
		try {
			Path file = Files.createTempFile("test-jwt", ".pub");
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
