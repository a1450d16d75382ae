package com.cloudstorage.files.storage.cleanup;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the event workers under {@code files.storage.workers}: what keys they
 * accept, how they retry, how the reconciler runs.
 *
 * @param keyPrefix the prefix of every object key this system creates
 * ({@code <prefix>/<fileId>}); must equal metadata-service's
 * {@code files.metadata.key-prefix}
 * @param retry the durable retry of deletions that failed for a retriable reason
 * @param reconcile the bucket-against-catalogue reconciler
 */
@Validated
@ConfigurationProperties("files.storage.workers")
public record WorkerProperties(
		@DefaultValue("files") @NotNull @Pattern(regexp = "[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*") String keyPrefix,
		@DefaultValue @Valid @NotNull Retry retry, @DefaultValue @Valid @NotNull Reconcile reconcile) {

	/**
	 * Retry of cleanups parked in the {@code cleanup_retry} table; there is no limit on
	 * attempts, only on the delay between them.
	 *
	 * @param pollInterval how often due retries are looked for
	 * @param initialBackoff delay before the first durable retry
	 * @param multiplier growth of the delay per failed attempt
	 * @param maxBackoff upper bound of the delay
	 * @param lease how long a worker owns a retry it took before another may take it
	 * @param batchSize retries taken per poll
	 */
	public record Retry(@DefaultValue("PT5S") @NotNull Duration pollInterval,
			@DefaultValue("PT10S") @NotNull Duration initialBackoff,
			@DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
			@DefaultValue("PT10M") @NotNull Duration maxBackoff, @DefaultValue("PT5M") @NotNull Duration lease,
			@DefaultValue("50") @Min(1) int batchSize) {

		/** The delay after the given number of failed durable attempts. */
		public Duration backoff(int failedAttempts) {
			double factor = Math.pow(this.multiplier, Math.max(0, failedAttempts - 1));
			double millis = this.initialBackoff.toMillis() * factor;
			return (millis >= this.maxBackoff.toMillis()) ? this.maxBackoff : Duration.ofMillis((long) millis);
		}

	}

	/**
	 * The reconciler.
	 *
	 * @param enabled whether it runs on a schedule (the admin endpoint works regardless)
	 * @param providers the profiles it reconciles; empty means the default profile
	 * @param interval time between two scheduled runs
	 * @param orphanAge objects and multipart uploads younger than this are never removed;
	 * at least the longest upload (metadata-service's pending-upload TTL)
	 * @param maxDeletions a run that finds more orphans than this removes none and
	 * reports it: an empty or lagging catalogue view must not empty the bucket
	 */
	public record Reconcile(@DefaultValue("true") boolean enabled, @DefaultValue List<String> providers,
			@DefaultValue("PT1H") @NotNull Duration interval, @DefaultValue("PT6H") @NotNull Duration orphanAge,
			@DefaultValue("1000") @Min(0) int maxDeletions) {
	}

}
