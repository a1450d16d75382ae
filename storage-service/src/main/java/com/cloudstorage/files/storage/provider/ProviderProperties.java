package com.cloudstorage.files.storage.provider;

import java.net.URI;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

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
 */
public record ProviderProperties(@Nullable URI endpoint, @NotBlank String region, @NotBlank String bucket,
		@DefaultValue("true") boolean pathStyle, @Nullable String accessKey, @Nullable String secretKey,
		@DefaultValue("when-required") @NotNull ChecksumMode checksumMode) {

	public boolean hasStaticCredentials() {
		return this.accessKey != null && !this.accessKey.isBlank() && this.secretKey != null
				&& !this.secretKey.isBlank();
	}

	// Keeps the secret out of logs and actuator output.
	@Override
	public String toString() {
		return "ProviderProperties[endpoint=" + this.endpoint + ", region=" + this.region + ", bucket=" + this.bucket
				+ ", pathStyle=" + this.pathStyle + ", checksumMode=" + this.checksumMode + "]";
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
