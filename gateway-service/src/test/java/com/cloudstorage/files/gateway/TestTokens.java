package com.cloudstorage.files.gateway;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import com.cloudstorage.files.testsupport.TestTokenEndpoint;

import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared test tokens ({@code test-support}) as the gateway's tests send them: whole
 * {@code Authorization} header values.
 */
public final class TestTokens {

	public static final String ISSUER = com.cloudstorage.files.testsupport.TestTokens.ISSUER;

	/**
	 * The issuer's token endpoint the gateway under test gets its own identity from: one
	 * per test JVM, like the signing key.
	 */
	public static final TestTokenEndpoint TOKEN_ENDPOINT = TestTokenEndpoint.start("metadata-service",
			"storage-service", "share-link-service");

	private TestTokens() {
	}

	/** What every gateway under test needs to trust users' tokens and to get its own. */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
		identity(registry, TOKEN_ENDPOINT);
	}

	/** The gateway's client-credentials settings against this token endpoint. */
	public static void identity(DynamicPropertyRegistry registry, TestTokenEndpoint endpoint) {
		registry.add("files.gateway.identity.token-uri", endpoint::tokenUri);
		registry.add("files.gateway.identity.client-id", () -> TestTokenEndpoint.CLIENT_ID);
		registry.add("files.gateway.identity.client-secret", () -> TestTokenEndpoint.CLIENT_SECRET);
	}

	public static String publicKeyLocation() {
		return com.cloudstorage.files.testsupport.TestTokens.publicKeyLocation();
	}

	/**
	 * An {@code Authorization} value a downstream received is the gateway's own service
	 * token from the token endpoint, not a user's.
	 */
	public static void assertServiceToken(String authorization) {
		assertThat(authorization).startsWith("Bearer ");
		try {
			JWTClaimsSet claims = SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet();
			assertThat(claims.getSubject()).isEqualTo(TestTokenEndpoint.CLIENT_ID);
			assertThat(claims.getStringClaim("scope")).isEqualTo("files:internal");
		}
		catch (java.text.ParseException ex) {
			throw new AssertionError("not a JWT: " + ex.getMessage());
		}
	}

	public static String bearer(String subject, String... scopes) {
		return com.cloudstorage.files.testsupport.TestTokens.bearer(subject, scopes);
	}

	public static String forged(String subject, String... scopes) {
		return "Bearer " + com.cloudstorage.files.testsupport.TestTokens.forged(subject, scopes);
	}

	public static String expired(String subject, String... scopes) {
		return "Bearer " + com.cloudstorage.files.testsupport.TestTokens.expired(subject, scopes);
	}

}
