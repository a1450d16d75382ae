package com.cloudstorage.files.bench;

import java.net.URI;

import com.cloudstorage.files.localstack.StackSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Removes what the direct path wrote, so a sweep does not fill the disk. */
final class S3Objects {

	private S3Objects() {
	}

	static void delete(URI endpoint, String key) {
		try (S3Client s3 = S3Client.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.httpClientBuilder(ApacheHttpClient.builder())
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(StackSettings.S3_ACCESS_KEY, StackSettings.S3_SECRET_KEY)))
			.build()) {
			s3.deleteObject((r) -> r.bucket(StackSettings.BUCKET).key(key));
		}
	}

}
