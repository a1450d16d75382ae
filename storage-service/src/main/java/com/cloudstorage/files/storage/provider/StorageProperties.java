package com.cloudstorage.files.storage.provider;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the storage service under {@code files.storage}: provider profiles and the
 * limits of the byte API.
 *
 * @param defaultProvider the profile used when a caller names none
 * @param providers the provider profiles by name
 * @param partSize size of one multipart part, at least 5 MiB (the S3 minimum for all but
 * the last part)
 * @param presignTtl lifetime of a presigned URL, at most 60 s
 * @param staleUploadTtl multipart uploads older than this are aborted by the sweeper
 * @param staleUploadSweepInterval how often the sweeper looks for them
 * @param mode which half of the service runs: the byte API, the event workers, or both
 * @param cleanup retry settings of the event workers
 * @param transfers admission control of the byte API
 * @param singlePutMaxSize an upload of a declared length up to this goes to the provider
 * as one streamed PUT (no part buffers, no completion step); longer ones, and those of
 * unknown length, go part by part. At most 5 GB, S3's limit for one PUT.
 */
@Validated
@ConfigurationProperties("files.storage")
public record StorageProperties(@DefaultValue("local") @NotBlank String defaultProvider,
		@NotEmpty Map<String, @Valid @NotNull ProviderProperties> providers,
		@DefaultValue("8MB") @NotNull DataSize partSize, @DefaultValue("PT60S") @NotNull Duration presignTtl,
		@DefaultValue("PT6H") @NotNull Duration staleUploadTtl,
		@DefaultValue("PT5M") @NotNull Duration staleUploadSweepInterval, @DefaultValue("both") @NotNull Mode mode,
		@DefaultValue @Valid @NotNull Cleanup cleanup, @DefaultValue @Valid @NotNull Transfers transfers,
		@DefaultValue("5GB") @NotNull DataSize singlePutMaxSize) {

	private static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;

	private static final long MIN_PART_SIZE = 5L * 1024 * 1024;

	private static final long MAX_PART_SIZE = 512L * 1024 * 1024;

	@AssertTrue(message = "part-size must be between 5MB and 512MB")
	public boolean isPartSizeValid() {
		return this.partSize == null
				|| (this.partSize.toBytes() >= MIN_PART_SIZE && this.partSize.toBytes() <= MAX_PART_SIZE);
	}

	@AssertTrue(message = "single-put-max-size must be between 0 and 5GB")
	public boolean isSinglePutMaxSizeValid() {
		return this.singlePutMaxSize == null
				|| (this.singlePutMaxSize.toBytes() >= 0 && this.singlePutMaxSize.toBytes() <= MAX_SINGLE_PUT);
	}

	@AssertTrue(message = "presign-ttl must be positive and at most 60 seconds")
	public boolean isPresignTtlValid() {
		return this.presignTtl == null || (!this.presignTtl.isNegative() && !this.presignTtl.isZero()
				&& this.presignTtl.getSeconds() <= 60 && this.presignTtl.compareTo(Duration.ofSeconds(60)) <= 0);
	}

	@AssertTrue(message = "default-provider must name a configured profile")
	public boolean isDefaultProviderConfigured() {
		return this.providers == null || this.defaultProvider == null
				|| this.providers.containsKey(this.defaultProvider);
	}

	@AssertTrue(message = "transfers.memory-budget must hold the two part buffers of one upload")
	public boolean isMemoryBudgetEnoughForOneUpload() {
		return this.transfers == null || this.partSize == null || this.transfers.memoryBudget() == null
				|| this.transfers.memoryBudget().toBytes() >= 2 * this.partSize.toBytes();
	}

	/** Which parts of the service run in this process. */
	public enum Mode {

		BOTH, API, WORKERS;

		public boolean api() {
			return this != WORKERS;
		}

		public boolean workers() {
			return this != API;
		}

	}

	/**
	 * Retry policy of the event workers.
	 *
	 * @param maxAttempts deliveries of one record before it goes to the dead-letter topic
	 * @param initialBackoff delay before the first redelivery
	 * @param multiplier growth of the delay between redeliveries
	 * @param maxBackoff upper bound of the delay
	 */
	public record Cleanup(@DefaultValue("5") @Min(1) int maxAttempts,
			@DefaultValue("PT1S") @NotNull Duration initialBackoff,
			@DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
			@DefaultValue("PT30S") @NotNull Duration maxBackoff) {
	}

	/**
	 * Admission control of the byte API, per instance: a transfer that does not fit is
	 * refused with 503 and {@code Retry-After} before its body is read, so heap use stays
	 * bounded whatever the concurrency.
	 *
	 * @param maxUploads uploads at once
	 * @param maxDownloads streamed downloads at once
	 * @param memoryBudget heap the transfers may buffer at once: an upload reserves its
	 * declared length when that fits in one part, else two parts (one filling, one
	 * sending); a download reserves {@code downloadBuffer}
	 * @param downloadBuffer bytes one streamed download holds at most
	 * @param retryAfter what {@code Retry-After} tells a refused caller
	 */
	public record Transfers(@DefaultValue("16") @Min(1) int maxUploads, @DefaultValue("64") @Min(1) int maxDownloads,
			@DefaultValue("64MB") @NotNull DataSize memoryBudget,
			@DefaultValue("256KB") @NotNull DataSize downloadBuffer,
			@DefaultValue("PT2S") @NotNull Duration retryAfter) {

		private static final long MIN_DOWNLOAD_BUFFER = 16 * 1024;

		@AssertTrue(message = "transfers.download-buffer must be at least 16KB and fit in memory-budget")
		public boolean isDownloadBufferValid() {
			return this.downloadBuffer == null || this.memoryBudget == null
					|| (this.downloadBuffer.toBytes() >= MIN_DOWNLOAD_BUFFER
							&& this.downloadBuffer.toBytes() <= this.memoryBudget.toBytes());
		}

		@AssertTrue(message = "transfers.retry-after must be between 1 second and 1 hour")
		public boolean isRetryAfterValid() {
			return this.retryAfter == null
					|| (this.retryAfter.getSeconds() >= 1 && this.retryAfter.compareTo(Duration.ofHours(1)) <= 0);
		}

	}

}
