package com.cloudstorage.files.storage.object.s3;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How long completing an upload session may take. Completion is two provider calls whose
 * time grows with the object: the provider joins the parts (some copy every byte), then
 * the object is read back through a SHA-256 digest. Both budgets are a base plus the size
 * at a slowest accepted rate, so a 1 GiB session gets minutes while a hung provider on a
 * small one is still found in seconds.
 *
 * @param base the fixed part of each budget, or {@literal null} for the provider
 * profile's {@code timeouts.call}
 * @param perPart added to the joining budget per part
 * @param minJoinRate slowest rate, bytes per second of the object, at which the provider
 * is still waited for while it joins the parts
 * @param minVerifyRate slowest rate, per second, at which the object is still read back
 */
@Validated
@ConfigurationProperties("files.storage.multipart.completion")
public record MultipartCompletionProperties(@Nullable Duration base, @DefaultValue("PT0.05S") @NotNull Duration perPart,
		@DefaultValue("16MB") @NotNull DataSize minJoinRate, @DefaultValue("16MB") @NotNull DataSize minVerifyRate) {

	@AssertTrue(message = "base must be positive, per-part not negative, and the rates at least 1KB")
	boolean isValid() {
		return (this.base == null || (!this.base.isNegative() && !this.base.isZero()))
				&& (this.perPart == null || !this.perPart.isNegative())
				&& (this.minJoinRate == null || this.minJoinRate.toBytes() >= 1024)
				&& (this.minVerifyRate == null || this.minVerifyRate.toBytes() >= 1024);
	}

	/** The whole CompleteMultipartUpload call for an object of {@code size} bytes. */
	Duration joinBudget(Duration providerCall, int parts, long size) {
		return baseOr(providerCall).plus(this.perPart.multipliedBy(parts)).plus(at(size, this.minJoinRate));
	}

	/** Reading back and digesting an object of {@code size} bytes. */
	Duration verifyBudget(Duration providerCall, long size) {
		return baseOr(providerCall).plus(at(size, this.minVerifyRate));
	}

	private Duration baseOr(Duration providerCall) {
		return (this.base != null) ? this.base : providerCall;
	}

	private static Duration at(long size, DataSize rate) {
		return Duration.ofMillis(Math.max(0, size) * 1000 / rate.toBytes());
	}

}
