package com.cloudstorage.files.gateway.route;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Upload sessions at the gateway.
 *
 * @param completeMinRate completing a session waits for storage-service, which joins the
 * parts and reads the whole object back for its SHA-256, for the transfer idle timeout
 * plus the session's size at this rate per second (1 GiB at the default 4MB: about 4.5
 * minutes). Keep it below storage-service's {@code files.storage.multipart.completion}
 * rates, so storage gives up first and its answer reaches the client.
 * @param writerRenewal how often a request writing a session (a TUS {@code PATCH}) renews
 * its claim at metadata-service; well below metadata-service's
 * {@code upload-sessions.writer-lease} (1 min)
 * @param spoolLimit the disk all TUS {@code PATCH} spool files of this instance may take
 * at once (each reserves its session's part size, 8 MiB by default, before it reads a
 * byte; past the limit {@code 503 ServiceUnavailable} with {@code Retry-After}); at least
 * 8MB
 */
@Validated
@ConfigurationProperties("files.gateway.upload-sessions")
public record UploadSessionProperties(@DefaultValue("4MB") @NotNull DataSize completeMinRate,
		@DefaultValue("PT20S") @NotNull Duration writerRenewal, @DefaultValue("1GB") @NotNull DataSize spoolLimit) {

	@AssertTrue(
			message = "complete-min-rate must be at least 1KB, writer-renewal positive and spool-limit at least 8MB")
	boolean isValid() {
		return (this.completeMinRate == null || this.completeMinRate.toBytes() >= 1024)
				&& (this.writerRenewal == null || (!this.writerRenewal.isNegative() && !this.writerRenewal.isZero()))
				&& (this.spoolLimit == null || this.spoolLimit.toMegabytes() >= 8);
	}

	/** How long completing a session of {@code size} bytes may wait for an answer. */
	Duration completeTimeout(Duration base, long size) {
		return base.plusMillis(Math.max(0, size) * 1000 / this.completeMinRate.toBytes());
	}

}
