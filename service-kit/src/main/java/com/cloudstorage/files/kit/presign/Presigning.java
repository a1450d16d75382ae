package com.cloudstorage.files.kit.presign;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * How both services that hand out object URLs presign them: path style as the profile
 * says, the original name in an RFC 6266 disposition, inline only for safe types. A
 * presigned URL is a bearer credential: never log it.
 */
public final class Presigning {

	private Presigning() {
	}

	public static S3Presigner presigner(@Nullable URI endpoint, String region, AwsCredentialsProvider credentials,
			boolean pathStyle) {
		S3Presigner.Builder builder = S3Presigner.builder()
			.region(Region.of(region))
			.credentialsProvider(credentials)
			.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder.build();
	}

	/**
	 * A GET of {@code bucket/key} valid for {@code ttl}, answered with the file's name
	 * and content type.
	 */
	public static PresignedGetObjectRequest presignGet(S3Presigner presigner, String bucket, String key,
			String filename, @Nullable String contentType, boolean inlineRequested, Duration ttl) {
		String disposition = ContentDispositions.forDownload(filename, contentType, inlineRequested);
		return presigner.presignGetObject((request) -> request.signatureDuration(ttl)
			.getObjectRequest((get) -> get.bucket(bucket)
				.key(key)
				.responseContentDisposition(disposition)
				.responseContentType(contentType)));
	}

}
