package com.cloudstorage.files.bench;

import java.net.URI;
import java.time.Duration;

import com.cloudstorage.files.localstack.StackSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A plain S3 client on the stack's S3 server: removes what the direct path wrote, so a
 * sweep does not fill the disk, and drives the plain multipart baseline.
 */
final class S3Objects {

	private S3Objects() {
	}

	static void delete(URI endpoint, String key) {
		try (S3Client s3 = client(endpoint)) {
			s3.deleteObject((r) -> r.bucket(StackSettings.BUCKET).key(key));
		}
	}

	/**
	 * A client of the server itself; each call waits long enough for a provider that
	 * copies every byte while joining parts.
	 */
	static S3Client client(URI endpoint) {
		return S3Client.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofMinutes(10)))
			.overrideConfiguration((o) -> o.apiCallTimeout(Duration.ofMinutes(10)))
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(StackSettings.S3_ACCESS_KEY, StackSettings.S3_SECRET_KEY)))
			.build();
	}

}
