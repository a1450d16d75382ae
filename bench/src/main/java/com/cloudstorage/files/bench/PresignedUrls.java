package com.cloudstorage.files.bench;

import java.net.URI;
import java.time.Duration;

import com.cloudstorage.files.localstack.StackSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * URLs for the direct path of a benchmark: curl talks to the stack's S3 server itself,
 * with no service in between. Valid long enough for the slowest round.
 */
final class PresignedUrls {

	private static final Duration VALID_FOR = Duration.ofMinutes(30);

	private final S3Presigner presigner;

	PresignedUrls(URI s3Endpoint) {
		this.presigner = S3Presigner.builder()
			.endpointOverride(s3Endpoint)
			.region(Region.US_EAST_1)
			.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(StackSettings.S3_ACCESS_KEY, StackSettings.S3_SECRET_KEY)))
			.build();
	}

	String put(String key) {
		return this.presigner.presignPutObject(
				(r) -> r.signatureDuration(VALID_FOR).putObjectRequest((o) -> o.bucket(StackSettings.BUCKET).key(key)))
			.url()
			.toString();
	}

	/** One part of a plain multipart upload, signed for exactly {@code length} bytes. */
	String uploadPart(String key, String uploadId, int partNumber, long length) {
		return this.presigner
			.presignUploadPart((r) -> r.signatureDuration(VALID_FOR)
				.uploadPartRequest((o) -> o.bucket(StackSettings.BUCKET)
					.key(key)
					.uploadId(uploadId)
					.partNumber(partNumber)
					.contentLength(length)))
			.url()
			.toString();
	}

	String get(String key) {
		return this.presigner.presignGetObject(
				(r) -> r.signatureDuration(VALID_FOR).getObjectRequest((o) -> o.bucket(StackSettings.BUCKET).key(key)))
			.url()
			.toString();
	}

}
