package com.cloudstorage.files.metadata.session;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of upload sessions.
 *
 * @param ttl how long a session may stay open; below storage-service's
 * {@code stale-upload-ttl} and {@code reconcile.orphan-age} (6 h), which would otherwise
 * abort its multipart upload first
 * @param partSize the smallest part size; larger when the size needs more than
 * {@code maxParts} parts. At least 5 MiB, the provider's minimum for every part but the
 * last
 * @param maxParts the most parts one session may have (S3 allows 10,000)
 * @param sweepInterval how often expired sessions are aborted
 * @param writerLease how long a writer holds a session without renewing (the gateway
 * renews well before, while a body streams); a writer that died frees it after this
 */
@Validated
@ConfigurationProperties("files.metadata.upload-sessions")
public record UploadSessionProperties(@DefaultValue("PT1H") @NotNull Duration ttl,
		@DefaultValue("8MB") @NotNull DataSize partSize, @DefaultValue("10000") @Min(1) @Max(10000) int maxParts,
		@DefaultValue("PT30S") @NotNull Duration sweepInterval, @DefaultValue("PT1M") @NotNull Duration writerLease) {

	@AssertTrue(
			message = "ttl must be positive and under 6 hours, writerLease positive, partSize at least 5MB and at most 5GB")
	boolean isValid() {
		return !this.writerLease.isNegative() && !this.writerLease.isZero() && !this.ttl.isNegative()
				&& !this.ttl.isZero() && this.ttl.compareTo(Duration.ofHours(6)) < 0
				&& this.partSize.toBytes() >= 5L * 1024 * 1024 && this.partSize.toBytes() <= 5L * 1024 * 1024 * 1024;
	}

}
