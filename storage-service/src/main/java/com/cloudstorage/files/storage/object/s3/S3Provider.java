package com.cloudstorage.files.storage.object.s3;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import com.cloudstorage.files.storage.provider.ProviderProperties.Timeouts;

/** The clients of one provider profile, its timeouts and its circuit breaker. */
record S3Provider(String name, String bucket, S3AsyncClient client, S3Presigner presigner, Timeouts timeouts,
		CircuitBreaker breaker) {
}
