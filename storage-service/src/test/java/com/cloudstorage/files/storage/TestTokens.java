package com.cloudstorage.files.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints RS256 tokens the service accepts through {@code jwt.public-key-location}; no
 * issuer runs.
 */
public final class TestTokens {

	public static final String ISSUER = "http://localhost:9090";

	private static final KeyPair KEYS;

	private static final Path PUBLIC_KEY;

	static {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KEYS = generator.generateKeyPair();
			PUBLIC_KEY = Files.createTempFile("storage-test-jwt", ".pub");
			String pem = "-----BEGIN PUBLIC KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
					+ "\n-----END PUBLIC KEY-----\n";
			Files.writeString(PUBLIC_KEY, pem);
			PUBLIC_KEY.toFile().deleteOnExit();
		}
		catch (NoSuchAlgorithmException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private TestTokens() {
	}

	public static String publicKeyLocation() {
		return PUBLIC_KEY.toUri().toString();
	}

	public static String token(String... scopes) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject("alice")
			.issueTime(Date.from(now))
			// Test classes mint their tokens once, before the context starts; on a loaded
			// CI box start-up alone took 513 s, so 10 minutes was not enough.
			.expirationTime(Date.from(now.plusSeconds(3600)))
			.claim("scope", String.join(" ", scopes))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		try {
			jwt.sign(new RSASSASigner((RSAPrivateKey) KEYS.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
