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
		return sign(keyId, base64Key, provider + "\n" + key + "\n" + maxBytes + "\n" + expiresAt.getEpochSecond());
	}

	/** A read grant for the key, valid for a minute (metadata-service's read-ttl). */
	public static String readGrant(String provider, String key) {
		return readGrant(KEY_ID, KEY, provider, key, Instant.now().plus(Duration.ofMinutes(1)));
	}

	/** A read grant: a fifth line {@code read}, and 0 bytes. */
	public static String readGrant(String keyId, String base64Key, String provider, String key, Instant expiresAt) {
		return sign(keyId, base64Key, provider + "\n" + key + "\n0\n" + expiresAt.getEpochSecond() + "\nread");
	}

	private static String sign(String keyId, String base64Key, String claims) {
		Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
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
	 * The gateway's part in tests not about grants: every call of the byte API that names
	 * its key in the URL carries a grant for it, as when metadata-service reserved (or
	 * located) it: a read grant for an object {@code GET}, a write grant for anything
	 * else (object {@code PUT}, every multipart call, the part listing included). A
	 * request that already has one keeps it. Download presigns name their key in the
	 * body: their tests add the read grant themselves.
	 */
	public static ExchangeFilterFunction reservingEveryKey() {
		return (request, next) -> {
			String grant = request.headers().containsHeader(HEADER) ? null : grantFor(request.method(), request.url());
			return next.exchange((grant != null) ? ClientRequest.from(request).header(HEADER, grant).build() : request);
		};
	}

	/** The grant a call to this URL needs, or {@code null} when it names no key. */
	public static @Nullable String grantFor(HttpMethod method, URI url) {
		String[] segments = url.getPath().split("/");
		// /internal/v1/objects/{provider} or
		// /internal/v1/multipart-uploads/{provider}/...
		if (segments.length < 5) {
			return null;
		}
		boolean objects = segments[3].equals("objects");
		if (!objects && !segments[3].equals("multipart-uploads")) {
			return null;
		}
		String key = UriComponentsBuilder.fromUri(url).build(true).getQueryParams().getFirst("key");
		if (key == null) {
			return null;
		}
		String decoded = UriUtils.decode(key, StandardCharsets.UTF_8);
		boolean read = objects && (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method));
		return read ? readGrant(segments[4], decoded) : grant(segments[4], decoded, Long.MAX_VALUE);
	}

}
