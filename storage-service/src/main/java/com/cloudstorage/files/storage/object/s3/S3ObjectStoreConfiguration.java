package com.cloudstorage.files.storage.object.s3;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.binder.MeterBinder;

import com.cloudstorage.files.kit.warmup.WarmUpStep;
import com.cloudstorage.files.storage.object.ObjectStore;
import com.cloudstorage.files.storage.provider.StorageProperties;
import com.cloudstorage.files.storage.upload.UploadSessions;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the S3 clients of every provider profile and the {@link ObjectStore} on top of
 * them.
 */
@Configuration(proxyBeanMethods = false)
class S3ObjectStoreConfiguration {

	@Bean(destroyMethod = "close")
	S3Providers s3Providers(StorageProperties properties) {
		return new S3Providers(properties);
	}

	/**
	 * Each profile's breaker as {@code resilience4j.circuitbreaker.state} (tags
	 * {@code name="s3-<profile>"}, {@code state}) and its calls.
	 */
	@Bean
	MeterBinder s3BreakerMetrics(S3Providers providers) {
		return (registry) -> {
			TaggedCircuitBreakerMetricsPublisher publisher = new TaggedCircuitBreakerMetricsPublisher(registry);
			providers.breakers().forEach(publisher::publishMetrics);
		};
	}

	/** Every provider's client used once before the service reports ready. */
	@Bean
	WarmUpStep providersWarmUp(S3Providers providers) {
		return WarmUpStep.of("storage-providers", () -> ProviderWarmUp.run(providers));
	}

	@Bean
	ObjectStore objectStore(S3Providers providers, UploadSessions sessions, StorageProperties properties) {
		return new S3ObjectStore(providers, sessions, (int) properties.partSize().toBytes(),
				properties.singlePutMaxSize().toBytes(), properties.presignTtl());
	}

}
