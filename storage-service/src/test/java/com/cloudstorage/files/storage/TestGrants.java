package com.cloudstorage.files.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Storage grants as metadata-service signs them (the format of
 * {@code security.StorageGrants}, written out again here so that a change of either side
 * shows), with the key the tests configure.
 */
public final class TestGrants {

	public static final String KEY_ID = "test-grants";

	/** base64 of 32 bytes; a test key, not a secret. */
	public static final String KEY = "dGVzdC1vbmx5LXN0b3JhZ2UtZ3JhbnQta2V5LTMyYnk=";

	public static final String HEADER = "Storage-Grant";

	private TestGrants() {
	}

	/** A grant for the key, valid for ten minutes. */
	public static String grant(String provider, String key, long maxBytes) {
		return grant(KEY_ID, KEY, provider, key, maxBytes, Instant.now().plus(Duration.ofMinutes(10)));
	}

	public static String grant(String keyId, String base64Key, String provider, String key, long maxBytes,
			Instant expiresAt) {
		Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
		String claims = provider + "\n" + key + "\n" + maxBytes + "\n" + expiresAt.getEpochSecond();
		String signed = keyId + "." + base64url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
			return signed + "." + base64url.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The gateway's part in tests not about grants: every write of the byte API (object
	 * PUT, any multipart call but the listing) carries a grant for the key it names, as
	 * when metadata-service reserved it. A request that already has one keeps it.
	 */
	public static ExchangeFilterFunction reservingEveryKey() {
		return (request, next) -> {
			String grant = request.headers().containsHeader(HEADER) ? null : grantFor(request.method(), request.url());
			return next.exchange((grant != null) ? ClientRequest.from(request).header(HEADER, grant).build() : request);
		};
	}

	/** The grant a write to this URL needs, or {@code null} when it is no write. */
	public static @Nullable String grantFor(HttpMethod method, URI url) {
		String[] segments = url.getPath().split("/");
		// /internal/v1/objects/{provider} or
		// /internal/v1/multipart-uploads/{provider}/...
		if (segments.length < 5 || HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
			return null;
		}
		if (!segments[3].equals("objects") && !segments[3].equals("multipart-uploads")) {
			return null;
		}
		String key = UriComponentsBuilder.fromUri(url).build(true).getQueryParams().getFirst("key");
		if (key == null) {
			return null;
		}
		String decoded = UriUtils.decode(key, StandardCharsets.UTF_8);
		return grant(segments[4], decoded, Long.MAX_VALUE);
	}

}
