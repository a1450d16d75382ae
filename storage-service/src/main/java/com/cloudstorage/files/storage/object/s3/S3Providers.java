package com.cloudstorage.files.storage.object.s3;

import java.util.LinkedHashMap;
import java.util.Map;

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
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import com.cloudstorage.files.storage.object.UnknownProviderException;
import com.cloudstorage.files.storage.provider.ProviderProperties;
import com.cloudstorage.files.storage.provider.ProviderProperties.ChecksumMode;
import com.cloudstorage.files.storage.provider.StorageProperties;

/**
 * One {@link S3AsyncClient} and one {@link S3Presigner} per configured provider profile.
 */
class S3Providers implements AutoCloseable {

	private final Map<String, S3Provider> providers = new LinkedHashMap<>();

	S3Providers(StorageProperties properties) {
		properties.providers().forEach((name, profile) -> this.providers.put(name, create(name, profile, properties)));
	}

	S3Provider get(String name) {
		S3Provider provider = this.providers.get(name);
		if (provider == null) {
			throw new UnknownProviderException("Unknown provider profile");
		}
		return provider;
	}

	private static S3Provider create(String name, ProviderProperties profile, StorageProperties properties) {
		AwsCredentialsProvider credentials = profile.hasStaticCredentials()
				? StaticCredentialsProvider.create(AwsBasicCredentials.create(profile.accessKey(), profile.secretKey()))
				: DefaultCredentialsProvider.builder().build();
		Region region = Region.of(profile.region());
		boolean whenRequired = profile.checksumMode() == ChecksumMode.WHEN_REQUIRED;
		S3AsyncClientBuilder builder = S3AsyncClient.builder()
			.httpClientBuilder(NettyNioAsyncHttpClient.builder()
				.connectionTimeout(properties.connectTimeout())
				.connectionAcquisitionTimeout(properties.readTimeout())
				.readTimeout(properties.readTimeout())
				.writeTimeout(properties.readTimeout())
				.maxConcurrency(128))
			.region(region)
			.credentialsProvider(credentials)
			.forcePathStyle(profile.pathStyle())
			.requestChecksumCalculation(
					whenRequired ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
			.responseChecksumValidation(
					whenRequired ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
			// Standard mode retries a refused connection twice with short jittered
			// delays: still fast to fail.
			.overrideConfiguration((o) -> o.retryStrategy(RetryMode.STANDARD));
		S3Presigner.Builder presigner = S3Presigner.builder()
			.region(region)
			.credentialsProvider(credentials)
			.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(profile.pathStyle()).build());
		if (profile.endpoint() != null) {
			builder.endpointOverride(profile.endpoint());
			presigner.endpointOverride(profile.endpoint());
		}
		return new S3Provider(name, profile.bucket(), builder.build(), presigner.build());
	}

	@Override
	public void close() {
		this.providers.values().forEach((provider) -> {
			provider.client().close();
			provider.presigner().close();
		});
	}

}
