package com.cloudstorage.files.storage.cleanup;

import reactor.core.publisher.Mono;

/**
 * Feeds the workers' dead letters through the workers again, once an operator fixed the
 * cause.
 */
public interface DeadLetterReplay {

	/**
	 * Replays the dead letters this service wrote that are not replayed yet, up to
	 * {@code max} of them, then commits past them.
	 */
	Mono<ReplayResult> replay(int max);

	/**
	 * What a replay did.
	 *
	 * @param read dead letters read
	 * @param replayed dead letters of this service run through the workers again (each
	 * applied, parked for retry, or dead-lettered again)
	 * @param skipped dead letters of other consumers, left alone
	 * @param complete whether every dead letter present at the start was read
	 */
	record ReplayResult(int read, int replayed, int skipped, boolean complete) {
	}

	/** Another replay is running. */
	class ReplayRunningException extends RuntimeException {

		public ReplayRunningException() {
			super("A replay is already running");
		}

	}

}
