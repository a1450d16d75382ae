package com.cloudstorage.files.storage.object.s3;

import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import com.cloudstorage.files.kit.presign.Presigning;
import com.cloudstorage.files.localinfra.S3Server;
import com.cloudstorage.files.storage.provider.ProviderProperties.Timeouts;

import org.springframework.util.unit.DataSize;

/**
 * What the direct-call tests need around the real S3 server: the SDK's own client (to
 * compare with and to arrange objects), a presigner, and short timeouts.
 */
final class TestS3Clients {

	private TestS3Clients() {
	}

	static S3Client sdk(S3Server server) {
		return S3Client.builder()
			.endpointOverride(server.endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(credentials(server))
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.build();
	}

	static S3Presigner presigner(S3Server server) {
		return Presigning.presigner(server.endpoint(), "us-east-1", credentials(server), true);
	}

	/** Short connect, acquire, write and attempt bounds; {@code call} for the call. */
	static Timeouts timeouts(Duration call) {
		return new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
				call, call, DataSize.ofMegabytes(1), 8, Duration.ofSeconds(60));
	}

	private static AwsCredentialsProvider credentials(S3Server server) {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), server.secretKey()));
	}

}
