package com.cloudstorage.files.kit.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Makes the JWT decoder fetch the issuer's discovery document and signing keys (and run
 * its verification code once) before the service reports ready, by checking a token that
 * can never be valid: well-formed, RS256, no key id (so every RSA key is tried), a
 * signature of zeros. "Invalid token" ({@link BadJwtException}) means the keys were there
 * to check it with; an issuer that cannot be reached fails the step instead.
 */
final class SigningKeysWarmUp {

	static final String PROBE_TOKEN = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "."
			+ base64Url("{\"sub\":\"warm-up\"}") + "."
			+ Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[256]);

	private SigningKeysWarmUp() {
	}

	static Mono<Void> run(ReactiveJwtDecoder decoder) {
		return Mono.defer(() -> decoder.decode(PROBE_TOKEN))
			.then()
			.onErrorResume(BadJwtException.class, (invalid) -> Mono.empty());
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
