package com.cloudstorage.files.storage;

/**
 * The shared test tokens ({@code test-support}) as storage's tests mint them: subject
 * {@code alice}, the scopes given. The service trusts them through
 * {@code jwt.public-key-location}; no issuer runs.
 */
public final class TestTokens {

	private static final String SUBJECT = "alice";

	private TestTokens() {
	}

	public static String publicKeyLocation() {
		return com.cloudstorage.files.testsupport.TestTokens.publicKeyLocation();
	}

	public static String token(String... scopes) {
		return com.cloudstorage.files.testsupport.TestTokens.token(SUBJECT, scopes);
	}

}
