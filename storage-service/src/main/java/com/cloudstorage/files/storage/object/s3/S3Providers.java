package com.cloudstorage.files.storage.object.s3;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.netty.channel.ChannelOption;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import com.cloudstorage.files.kit.bytes.LargeBodies;
import com.cloudstorage.files.kit.presign.Presigning;
import com.cloudstorage.files.storage.object.UnknownProviderException;
import com.cloudstorage.files.storage.provider.ProviderProperties;
import com.cloudstorage.files.storage.provider.ProviderProperties.Breaker;
import com.cloudstorage.files.storage.provider.ProviderProperties.ChecksumMode;
import com.cloudstorage.files.storage.provider.ProviderProperties.Timeouts;
import com.cloudstorage.files.storage.provider.StorageProperties;

/**
 * One {@link S3AsyncClient}, one {@link S3Presigner} and one circuit breaker per
 * configured provider profile. Every call has a connect, acquire, idle, per-attempt and
 * whole-call timeout, so a provider that hangs fails calls instead of holding them.
 */
class S3Providers implements AutoCloseable {

	private final Map<String, S3Provider> providers = new LinkedHashMap<>();

	S3Providers(StorageProperties properties) {
		properties.providers().forEach((name, profile) -> this.providers.put(name, create(name, profile)));
	}

	S3Provider get(String name) {
		S3Provider provider = this.providers.get(name);
		if (provider == null) {
			throw new UnknownProviderException("Unknown provider profile");
		}
		return provider;
	}

	/** Every profile, for the warm-up. */
	Collection<S3Provider> all() {
		return this.providers.values();
	}

	/** Each profile's breaker, for the metrics. */
	List<CircuitBreaker> breakers() {
		return this.providers.values().stream().map(S3Provider::breaker).toList();
	}

	private static S3Provider create(String name, ProviderProperties profile) {
		AwsCredentialsProvider credentials = profile.hasStaticCredentials()
				? StaticCredentialsProvider.create(AwsBasicCredentials.create(profile.accessKey(), profile.secretKey()))
				: DefaultCredentialsProvider.builder().build();
		Region region = Region.of(profile.region());
		boolean whenRequired = profile.checksumMode() == ChecksumMode.WHEN_REQUIRED;
		Timeouts timeouts = profile.timeouts();
		S3AsyncClientBuilder builder = S3AsyncClient.builder()
			.httpClientBuilder(NettyNioAsyncHttpClient.builder()
				.connectionTimeout(timeouts.connect())
				.connectionAcquisitionTimeout(timeouts.acquire())
				.readTimeout(timeouts.connectionIdle())
				.writeTimeout(timeouts.write())
				.maxConcurrency(timeouts.maxConnections())
				// Pooled buffers for the bodies' reads and writes (LargeBodies).
				.putChannelOption(ChannelOption.ALLOCATOR, LargeBodies.ALLOCATOR))
			.region(region)
			.credentialsProvider(credentials)
			.forcePathStyle(profile.pathStyle())
			.requestChecksumCalculation(
					whenRequired ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
			.responseChecksumValidation(
					whenRequired ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
			// Standard mode retries a refused connection twice with short jittered
			// delays; the call timeout bounds the retries of a provider that hangs.
			// Calls that send bytes get longer timeouts per request (S3ObjectStore).
			.overrideConfiguration((o) -> o.retryStrategy(RetryMode.STANDARD)
				.apiCallAttemptTimeout(timeouts.attempt())
				.apiCallTimeout(timeouts.call()));
		if (profile.endpoint() != null) {
			builder.endpointOverride(profile.endpoint());
		}
		// Presigned the way share-link-service presigns: one policy for every URL handed
		// out.
		S3Presigner presigner = Presigning.presigner(profile.endpoint(), profile.region(), credentials,
				profile.pathStyle());
		// The SDK validates a GET's checksums and sends a PUT's when asked to; only then
		// do downloads and streamed PUTs go through it.
		DirectDownloads downloads = whenRequired ? new DirectDownloads(name, presigner, profile.bucket(), timeouts)
				: null;
		DirectPuts puts = whenRequired ? new DirectPuts(name, presigner, profile.bucket(), timeouts) : null;
		return new S3Provider(name, profile.bucket(), builder.build(), presigner, downloads, puts, timeouts,
				breaker(name, profile.breaker()));
	}

	private static CircuitBreaker breaker(String name, Breaker settings) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(settings.minimumCalls())
			.failureRateThreshold(settings.failureRateThreshold())
			.waitDurationInOpenState(settings.openFor())
			.permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
			// Without it an open breaker would only move on when a call asks; the
			// upload path checks the state before reading a body.
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.recordException(S3Errors::providerFault)
			.build();
		return CircuitBreaker.of("s3-" + name, config);
	}

	@Override
	public void close() {
		this.providers.values().forEach((provider) -> {
			provider.client().close();
			if (provider.downloads() != null) {
				provider.downloads().close();
			}
			if (provider.puts() != null) {
				provider.puts().close();
			}
			provider.presigner().close();
		});
	}

}
