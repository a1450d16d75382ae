package com.cloudstorage.files.storage.object.web;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of upload sessions' multipart uploads.
 *
 * @param partUrlTtl how long a presigned part URL works: minutes, long enough to send one
 * part on a slow line, short enough that a leaked URL is soon useless
 * @param maxPartUrls the most part URLs one call may ask for
 */
@Validated
@ConfigurationProperties("files.storage.multipart")
public record MultipartProperties(@DefaultValue("PT10M") @NotNull Duration partUrlTtl,
		@DefaultValue("100") @Min(1) @Max(1000) int maxPartUrls) {

	@AssertTrue(message = "part-url-ttl must be positive and at most 1 hour")
	boolean isPartUrlTtlValid() {
		return this.partUrlTtl == null || (!this.partUrlTtl.isNegative() && !this.partUrlTtl.isZero()
				&& this.partUrlTtl.compareTo(Duration.ofHours(1)) <= 0);
	}

}
