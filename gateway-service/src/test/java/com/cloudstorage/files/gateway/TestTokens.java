package com.cloudstorage.files.gateway;

/**
 * The shared test tokens ({@code test-support}) as the gateway's tests send them: whole
 * {@code Authorization} header values.
 */
public final class TestTokens {

	public static final String ISSUER = com.cloudstorage.files.testsupport.TestTokens.ISSUER;

	private TestTokens() {
	}

	public static String publicKeyLocation() {
		return com.cloudstorage.files.testsupport.TestTokens.publicKeyLocation();
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
