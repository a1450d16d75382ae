package com.cloudstorage.files.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import com.cloudstorage.files.localstack.LocalStack;
import com.cloudstorage.files.localstack.StackSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Upload throughput through the gateway against a direct S3 PUT of the same file to the
 * same S3 server, measured in the same run. Every service runs with {@code -Xmx256m}, so
 * a multi-GiB upload passing also shows that memory stays flat. Prints the ratio; the
 * goal is ≥ 0.80.
 */
public final class UploadBenchmark {

	private UploadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		long size = Long.parseLong(System.getProperty("bench.size", String.valueOf(2L * 1024 * 1024 * 1024)));
		int rounds = Integer.parseInt(System.getProperty("bench.rounds", "2"));
		Path work = Files.createTempDirectory("upload-bench");
		Path file = work.resolve("payload.bin");
		String sha256 = writeRandomFile(file, size);
		System.out.printf("Payload: %,d bytes (sha256 %s)%n", size, sha256);

		StackSettings settings = new StackSettings(work.resolve("stack"), 0, 0, 0, 0, 0, 0, 0, 0, true, false,
				java.time.Duration.ofMinutes(1));
		try (LocalStack stack = LocalStack.start(settings);
				S3Client s3 = S3Client.builder()
					.endpointOverride(stack.s3Endpoint())
					.region(Region.US_EAST_1)
					.forcePathStyle(true)
					.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
					.httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofMinutes(5)))
					.credentialsProvider(StaticCredentialsProvider
						.create(AwsBasicCredentials.create(StackSettings.S3_ACCESS_KEY, StackSettings.S3_SECRET_KEY)))
					.build()) {
			String token = stack.token("alice", "alice-secret");
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			double bestDirect = Double.MAX_VALUE;
			double bestGateway = Double.MAX_VALUE;
			for (int round = 1; round <= rounds; round++) {
				long start = System.nanoTime();
				s3.putObject((r) -> r.bucket(StackSettings.BUCKET)
					.key("bench/direct-" + System.nanoTime())
					.contentLength(size), RequestBody.fromFile(file));
				double direct = (System.nanoTime() - start) / 1e9;

				start = System.nanoTime();
				HttpResponse<String> response = http
					.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/files?name=payload.bin"))
						.header("Authorization", "Bearer " + token)
						.header("Content-Type", "application/octet-stream")
						.timeout(Duration.ofMinutes(10))
						.POST(HttpRequest.BodyPublishers.ofFile(file))
						.build(), HttpResponse.BodyHandlers.ofString());
				double gateway = (System.nanoTime() - start) / 1e9;
				if (response.statusCode() != 201 || !response.body().contains(sha256)) {
					throw new IllegalStateException("Gateway upload failed: HTTP " + response.statusCode() + " "
							+ response.body() + "\n" + stack.serviceLogTail("gateway-service"));
				}
				System.out.printf(
						"round %d: direct S3 PUT %.2f s (%.0f MiB/s), through the gateway %.2f s (%.0f MiB/s)%n", round,
						direct, mib(size) / direct, gateway, mib(size) / gateway);
				bestDirect = Math.min(bestDirect, direct);
				bestGateway = Math.min(bestGateway, gateway);
			}
			double ratio = bestDirect / bestGateway;
			System.out.printf(
					"%nupload throughput ratio (gateway / direct S3 PUT, best of %d): %.2f  (goal >= 0.80: %s)%n",
					rounds, ratio, ratio >= 0.8 ? "met" : "NOT met");
			System.out.println("every service ran with -Xmx256m; the upload of " + mib(size) + " MiB passed");
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	private static double mib(long bytes) {
		return bytes / (1024.0 * 1024.0);
	}

	private static String writeRandomFile(Path file, long size) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] block = new byte[1 << 20];
			Random random = new Random(7);
			try (OutputStream out = Files.newOutputStream(file)) {
				long left = size;
				while (left > 0) {
					random.nextBytes(block);
					int n = (int) Math.min(block.length, left);
					out.write(block, 0, n);
					digest.update(block, 0, n);
					left -= n;
				}
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
