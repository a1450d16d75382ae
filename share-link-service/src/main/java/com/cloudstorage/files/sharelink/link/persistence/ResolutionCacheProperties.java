package com.cloudstorage.files.sharelink.link.persistence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-memory resolution cache of this replica.
 *
 * @param enabled whether resolutions are served from memory at all
 * @param validationInterval pause between two validations of everything cached
 * @param lease how long one validation lets this replica serve from memory; also how long
 * a link-change wait may have to wait for a replica that stopped validating
 * @param maxEntries tokens kept at most
 * @param idleAfter a token nobody asked for this long is forgotten
 */
@ConfigurationProperties("files.sharelink.resolution-cache")
public record ResolutionCacheProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("PT0.1S") Duration validationInterval, @DefaultValue("PT2S") Duration lease,
		@DefaultValue("1000") int maxEntries, @DefaultValue("PT30S") Duration idleAfter) {

	public ResolutionCacheProperties {
		if (enabled && (lease.compareTo(validationInterval.multipliedBy(4)) < 0 || lease.toMillis() > 60_000)) {
			throw new IllegalArgumentException(
					"files.sharelink.resolution-cache.lease must be at least 4 validation intervals and at most 60 s");
		}
	}

}
