package com.cloudstorage.files.storage.object.s3;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import com.cloudstorage.files.storage.provider.ProviderProperties.Timeouts;

/**
 * The clients of one provider profile, its timeouts and its circuit breaker.
 * {@code downloads} streams object bytes without the SDK and {@code puts} sends streamed
 * PUTs without it; both {@code null} where the SDK must compute and validate checksums
 * ({@code checksum-mode: when-supported}).
 */
record S3Provider(String name, String bucket, S3AsyncClient client, S3Presigner presigner,
		@Nullable DirectDownloads downloads, @Nullable DirectPuts puts, Timeouts timeouts, CircuitBreaker breaker) {
}
