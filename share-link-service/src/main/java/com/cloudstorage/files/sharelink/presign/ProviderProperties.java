package com.cloudstorage.files.sharelink.presign;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Read-only provider credentials this service presigns with. Presigning is a local
 * signature, so resolving a link never waits on another service.
 *
 * @param providers profiles by name; the name matches storage-service's profile names
 * @param presignTtl how long a presigned URL works (at most 60 s)
 */
@Validated
@ConfigurationProperties("files.sharelink")
public record ProviderProperties(@NotEmpty Map<String, @Valid Provider> providers, @NotNull Duration presignTtl) {

	public ProviderProperties {
		if (presignTtl.isNegative() || presignTtl.isZero() || presignTtl.compareTo(Duration.ofSeconds(60)) > 0) {
			throw new IllegalArgumentException("files.sharelink.presign-ttl must be between 1 s and 60 s");
		}
	}

	public record Provider(@NotNull URI endpoint, @NotBlank String region, boolean pathStyle,
			@NotBlank String accessKey, @NotBlank String secretKey) {

		@Override
		public String toString() {
			return "Provider[endpoint=" + this.endpoint + ", region=" + this.region + "]";
		}

	}

}
