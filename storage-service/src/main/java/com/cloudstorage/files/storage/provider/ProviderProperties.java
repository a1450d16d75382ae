package com.cloudstorage.files.storage.provider;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * One S3-compatible provider profile.
 *
 * @param endpoint the S3 endpoint, or {@code null} for AWS S3's regional default
 * @param region the signing region
 * @param bucket the bucket objects live in
 * @param pathStyle whether to address the bucket in the path rather than the host name
 * @param accessKey the access key, or empty to use the SDK's default credential chain
 * @param secretKey the secret key matching {@code accessKey}
 * @param checksumMode when the SDK computes and validates checksums
 * @param timeouts how long any call to the provider may take
 * @param breaker when calls stop being tried at all because the provider keeps failing
 */
public record ProviderProperties(@Nullable URI endpoint, @NotBlank String region, @NotBlank String bucket,
		@DefaultValue("true") boolean pathStyle, @Nullable String accessKey, @Nullable String secretKey,
		@DefaultValue("when-required") @NotNull ChecksumMode checksumMode,
		@DefaultValue @Valid @NotNull Timeouts timeouts, @DefaultValue @Valid @NotNull Breaker breaker) {

	public boolean hasStaticCredentials() {
		return this.accessKey != null && !this.accessKey.isBlank() && this.secretKey != null
				&& !this.secretKey.isBlank();
	}

	// Keeps the secret out of logs and actuator output.
	@Override
	public String toString() {
		return "ProviderProperties[endpoint=" + this.endpoint + ", region=" + this.region + ", bucket=" + this.bucket
				+ ", pathStyle=" + this.pathStyle + ", checksumMode=" + this.checksumMode + ", timeouts="
				+ this.timeouts + ", breaker=" + this.breaker + "]";
	}

	/**
	 * Timeouts of the calls to one provider. A call without a request body (create,
	 * complete, abort, HEAD, the headers of a GET, list, delete) gets {@code attempt} per
	 * try and {@code call} in all; a call carrying bytes (PUT, part upload) gets as much
	 * more as sending its bytes at {@code minTransferRate} takes, so a hung provider is
	 * found as fast as the idle timeouts allow while a slow link still gets its parts
	 * through.
	 *
	 * @param connect TCP connect timeout
	 * @param acquire longest wait for a pooled connection
	 * @param read longest silence of the provider while a response or more of a body is
	 * asked for; what bounds a streamed download whose provider stops sending mid-body
	 * @param write longest a single write may stay unsent
	 * @param attempt one try of a call
	 * @param call the whole call, retries included
	 * @param minTransferRate slowest upload rate, per second, still waited for
	 * @param maxConnections connections to the provider at once
	 * @param readerPause longest a streamed download may wait for its reader (a paused or
	 * slow client) before its provider connection is given up; time the reader asks for
	 * nothing is not the provider's silence
	 */
	public record Timeouts(@DefaultValue("PT2S") @NotNull Duration connect,
			@DefaultValue("PT2S") @NotNull Duration acquire, @DefaultValue("PT5S") @NotNull Duration read,
			@DefaultValue("PT5S") @NotNull Duration write, @DefaultValue("PT3S") @NotNull Duration attempt,
			@DefaultValue("PT6S") @NotNull Duration call, @DefaultValue("1MB") @NotNull DataSize minTransferRate,
			@DefaultValue("128") @Min(1) int maxConnections, @DefaultValue("PT60S") @NotNull Duration readerPause) {

		@AssertTrue(message = "timeouts must be positive, and attempt at most call")
		public boolean isConsistent() {
			return positive(this.connect) && positive(this.acquire) && positive(this.read) && positive(this.write)
					&& positive(this.attempt) && positive(this.call) && positive(this.readerPause)
					&& this.attempt.compareTo(this.call) <= 0;
		}

		@AssertTrue(message = "min-transfer-rate must be at least 1KB")
		public boolean isMinTransferRateValid() {
			return this.minTransferRate == null || this.minTransferRate.toBytes() >= 1024;
		}

		/**
		 * The HTTP client's own read timeout. It cannot tell a silent provider from a
		 * reader that asks for nothing, so it waits for the longer of the two; the
		 * provider's silence alone is watched per download ({@code read}).
		 */
		public Duration connectionIdle() {
			return (this.read.compareTo(this.readerPause) >= 0) ? this.read : this.readerPause;
		}

		/** Per try, for a call that sends {@code bytes}. */
		public Duration attemptFor(long bytes) {
			return this.attempt.plus(transferTime(bytes));
		}

		/** In all, for a call that sends {@code bytes}. */
		public Duration callFor(long bytes) {
			return this.call.plus(transferTime(bytes));
		}

		/**
		 * Per try, for completing a multipart upload: providers take longer the more
		 * parts they join.
		 */
		public Duration completeAttemptFor(int parts) {
			return this.attempt.plusMillis(50L * parts);
		}

		/** In all, for completing a multipart upload of {@code parts} parts. */
		public Duration completeCallFor(int parts) {
			return this.call.plusMillis(50L * parts);
		}

		private Duration transferTime(long bytes) {
			return Duration.ofMillis(Math.max(0, bytes) * 1000 / this.minTransferRate.toBytes());
		}

		private static boolean positive(@Nullable Duration duration) {
			return duration == null || (!duration.isNegative() && !duration.isZero());
		}

	}

	/**
	 * Circuit breaker of one provider. Only provider faults count (timeouts, refused or
	 * reset connections, 5xx); a 4xx or a caller's bad body never does.
	 *
	 * @param failureRateThreshold percentage of failed calls that opens it
	 * @param slidingWindowSize calls the rate is computed over
	 * @param minimumCalls calls needed before the rate counts
	 * @param openFor how long it stays open before letting trial calls through
	 * @param halfOpenCalls trial calls that decide whether it closes again
	 */
	public record Breaker(@DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
			@DefaultValue("10") @Min(1) int slidingWindowSize, @DefaultValue("4") @Min(1) int minimumCalls,
			@DefaultValue("PT10S") @NotNull Duration openFor, @DefaultValue("2") @Min(1) int halfOpenCalls) {

		@AssertTrue(message = "open-for must be positive")
		public boolean isOpenForValid() {
			return this.openFor == null || (!this.openFor.isNegative() && !this.openFor.isZero());
		}

	}

	/**
	 * When the SDK adds checksums. AWS SDK 2.30+ sends CRC checksums on every upload by
	 * default, which several S3-compatible providers reject; {@code WHEN_REQUIRED} is the
	 * portable choice.
	 */
	public enum ChecksumMode {

		WHEN_SUPPORTED, WHEN_REQUIRED

	}

}
