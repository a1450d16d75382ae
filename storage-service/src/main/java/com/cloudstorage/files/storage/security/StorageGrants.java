package com.cloudstorage.files.storage.security;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import com.cloudstorage.files.kit.security.StorageGrantFormat;
import com.cloudstorage.files.kit.security.StorageGrantFormat.Claims;
import com.cloudstorage.files.kit.security.StorageGrantFormat.Operation;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * storage-service writes and reads only keys metadata-service vouched for: every write to
 * the byte API carries metadata-service's write grant for its key (reserved for an
 * upload), every read of an object's bytes or download presign its read grant (located
 * for a caller allowed to read the file), in the {@value #HEADER} header. Checked here
 * once per request, before any byte is read or any provider call is made (no call to
 * metadata-service, nothing per chunk). The format is service-kit
 * {@link StorageGrantFormat}. Keys are shared with metadata-service only: a service
 * identity alone (the gateway's token) cannot mint one, a grant names one key of one
 * provider, and a read grant never passes for a write or the other way round.
 */
@Component
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('workers')")
public class StorageGrants {

	/** The request header that carries the grant. */
	public static final String HEADER = "Storage-Grant";

	private final Map<String, SecretKeySpec> keys;

	private final Clock clock;

	@Autowired
	StorageGrants(StorageGrantProperties properties) {
		this(properties, Clock.systemUTC());
	}

	StorageGrants(StorageGrantProperties properties, Clock clock) {
		if (properties.keys().isEmpty()) {
			throw new IllegalArgumentException("No storage-grant key is configured: set "
					+ "files.storage.grants.keys.<key-id> (FILES_STORAGE_GRANTS_KEYS_<KEY-ID>) to the same base64 key "
					+ "as metadata-service's files.metadata.storage-grants.keys.<key-id>. Only the 'local' profile has "
					+ "a built-in development key.");
		}
		Map<String, SecretKeySpec> decoded = new HashMap<>();
		properties.keys().forEach((id, value) -> decoded.put(id, decode(id, value)));
		this.keys = Map.copyOf(decoded);
		this.clock = clock;
	}

	private static SecretKeySpec decode(String id, String value) {
		return StorageGrantFormat.key(id, value, "Storage-grant key '" + id + "'");
	}

	/**
	 * Passes when {@code grant} is a valid, unexpired grant for this provider and key
	 * that allows at least {@code bytes}; otherwise {@code 403 Forbidden} (an
	 * {@link AccessRefusedException}), before anything is written.
	 * @param bytes the most bytes this call may write (or the object's size it
	 * completes), 0 when it writes none
	 */
	public void require(@Nullable String grant, String provider, String key, long bytes) {
		Claims claims = (grant != null) ? verify(grant) : null;
		String refusal = refusal(claims, Operation.WRITE, provider, key, bytes);
		if (refusal != null) {
			throw new AccessRefusedException("This key was not reserved by metadata-service for this write.",
					"write to", provider, refusal);
		}
	}

	/**
	 * Passes when {@code grant} is a valid, unexpired read grant for this provider and
	 * key; otherwise {@code 403 Forbidden} (an {@link AccessRefusedException}), before
	 * the provider is asked for anything.
	 */
	public void requireRead(@Nullable String grant, String provider, String key) {
		Claims claims = (grant != null) ? verify(grant) : null;
		String refusal = refusal(claims, Operation.READ, provider, key, 0);
		if (refusal != null) {
			throw new AccessRefusedException("metadata-service did not grant reading this key.", "read of", provider,
					refusal);
		}
	}

	private @Nullable String refusal(@Nullable Claims claims, Operation operation, String provider, String key,
			long bytes) {
		if (claims == null) {
			return "no valid storage grant";
		}
		if (claims.operation() != operation) {
			return "a " + claims.operation().name().toLowerCase(Locale.ROOT) + " grant where a "
					+ operation.name().toLowerCase(Locale.ROOT) + " grant is needed";
		}
		if (!claims.provider().equals(provider) || !claims.key().equals(key)) {
			return "the grant is for another key";
		}
		if (bytes > claims.maxBytes()) {
			return "the grant allows " + claims.maxBytes() + " bytes, not " + bytes;
		}
		if (!this.clock.instant().isBefore(claims.expiresAt())) {
			return "the grant has expired";
		}
		return null;
	}

	/** The grant's claims when its MAC is right, else {@code null}. */
	@Nullable Claims verify(String grant) {
		return StorageGrantFormat.verify(grant, this.keys);
	}

}
