package com.cloudstorage.files.metadata.link;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Sharing-link settings.
 *
 * @param publicBaseUrl what a link starts with: the gateway's public address
 * @param tokenKeys the keys that encrypt stored tokens, by key id (lower-case letters,
 * digits and {@code -}): base64 of 32 random bytes each. There is no default outside the
 * {@code local} profile; a service without keys does not start. Keep retired keys here as
 * long as links they encrypted may exist
 * @param activeTokenKey the id of the key new links are encrypted with; may be left out
 * when there is exactly one key
 * @param ttl how long a new link works, or {@code null} for until reset or revoked
 */
@Validated
@ConfigurationProperties("files.metadata.links")
public record LinkProperties(@NotNull URI publicBaseUrl, Map<String, String> tokenKeys, @Nullable String activeTokenKey,
		@Nullable Duration ttl) {

	public LinkProperties {
		tokenKeys = (tokenKeys != null) ? new TreeMap<>(tokenKeys) : Map.of();
		if (tokenKeys.isEmpty()) {
			throw new IllegalArgumentException("No link-token encryption key is configured: set "
					+ "files.metadata.links.token-keys.<key-id> (FILES_METADATA_LINKS_TOKENKEYS_<KEY-ID>, base64 of 32 "
					+ "random bytes, e.g. `openssl rand -base64 32`) and files.metadata.links.active-token-key. "
					+ "Only the 'local' profile has a built-in development key.");
		}
		for (String id : tokenKeys.keySet()) {
			if (!id.matches("[a-z0-9-]{1,32}")) {
				throw new IllegalArgumentException("Link-token key id '" + id
						+ "' must be 1 to 32 lower-case letters, digits or '-' (it is stored with each ciphertext).");
			}
		}
		if (activeTokenKey == null || activeTokenKey.isBlank()) {
			if (tokenKeys.size() != 1) {
				throw new IllegalArgumentException("Several link-token keys are configured: name the one new links "
						+ "use in files.metadata.links.active-token-key.");
			}
			activeTokenKey = tokenKeys.keySet().iterator().next();
		}
		if (!tokenKeys.containsKey(activeTokenKey)) {
			throw new IllegalArgumentException("files.metadata.links.active-token-key '" + activeTokenKey
					+ "' is not among files.metadata.links.token-keys " + tokenKeys.keySet() + ".");
		}
		tokenKeys = Map.copyOf(tokenKeys);
	}

	/** The public URL of a link with this token. */
	public String urlOf(String token) {
		return this.publicBaseUrl.toString().replaceAll("/+$", "") + "/s/" + token;
	}

	/** Never the keys themselves. */
	@Override
	public String toString() {
		return "LinkProperties[publicBaseUrl=" + this.publicBaseUrl + ", tokenKeys=" + this.tokenKeys.keySet()
				+ ", activeTokenKey=" + this.activeTokenKey + ", ttl=" + this.ttl + "]";
	}

}
