package com.cloudstorage.files.storage;

/**
 * The shared test tokens ({@code test-support}) as storage's tests mint them: subject
 * {@code alice}, the scopes given. The service trusts them through
 * {@code jwt.public-key-location}; no issuer runs.
 */
public final class TestTokens {

	private static final String SUBJECT = "alice";

	public static final String AUDIENCE = "storage-service";

	private TestTokens() {
	}

	public static String publicKeyLocation() {
		return com.cloudstorage.files.testsupport.TestTokens.publicKeyLocation();
	}

	/** alice's user token (audience {@code files-api}), as the gateway receives it. */
	public static String token(String... scopes) {
		return com.cloudstorage.files.testsupport.TestTokens.token(SUBJECT, scopes);
	}

	/**
	 * The gateway's service identity, issued for this service: what the byte API takes.
	 */
	public static String service() {
		return com.cloudstorage.files.testsupport.TestTokens.service(AUDIENCE);
	}

	/**
	 * An operator's token for this service, with these scopes (e.g. {@code files:admin}).
	 */
	public static String operator(String... scopes) {
		return com.cloudstorage.files.testsupport.TestTokens.tokenFor(java.util.List.of(AUDIENCE), SUBJECT, scopes);
	}

}
