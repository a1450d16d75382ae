package com.cloudstorage.files.storage.security;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * A write grant reserves a key for one upload, not for good: once the upload is over (its
 * file available, deleted or expired, as storage's catalogue view learned from
 * {@code files.v1}) no new write of the key starts, however long the grant would still
 * run. Checked where bytes would start to go to a key anew (object {@code PUT}, multipart
 * start); parts, part URLs and completion need an open multipart upload, which only a
 * start makes.
 */
@Component
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('workers')")
public class OverwriteGuard {

	private final FinishedUploads finished;

	OverwriteGuard(FinishedUploads finished) {
		this.finished = finished;
	}

	/**
	 * Completes when the key's upload is not over; otherwise {@code 403 Forbidden} (an
	 * {@link AccessRefusedException}), before any byte is read or the provider is called.
	 */
	public Mono<Void> requireUnfinished(String provider, String key) {
		return this.finished.isFinished(provider, key).flatMap((over) -> {
			if (!over) {
				return Mono.empty();
			}
			return Mono
				.error(new AccessRefusedException("This key's upload is over; its grant does not write it again.",
						"write to", provider, "the key's upload is over"));
		});
	}

}
