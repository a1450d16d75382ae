package com.cloudstorage.files.storage.object.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import com.cloudstorage.files.kit.presign.Presigning;
import com.cloudstorage.files.localinfra.S3Server;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.localinfra.ThreadDumpWatchdog;
import com.cloudstorage.files.storage.object.ByteRange;
import com.cloudstorage.files.storage.object.ObjectContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The download path without the SDK's client, on the real test S3 server: what it answers
 * must be what the SDK's {@code GetObject} answers for the same object and range, and its
 * bytes arrive in the client's pooled buffers, not in copies.
 */
@ExtendWith(ThreadDumpWatchdog.class)
class DirectDownloadsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String BUCKET = TestInfrastructure.BUCKET;

	private static S3Client sdk;

	private static S3Presigner presigner;

	private static DirectDownloads downloads;

	@BeforeAll
	static void clients() {
		S3Server server = TestInfrastructure.s3();
		sdk = TestS3Clients.sdk(server);
		presigner = TestS3Clients.presigner(server);
		downloads = new DirectDownloads("test", presigner, BUCKET, TestS3Clients.timeouts(Duration.ofSeconds(20)));
	}

	@AfterAll
	static void close() {
		downloads.close();
		presigner.close();
		sdk.close();
	}

	@Test
	void aLargeObjectArrivesWholeInTheClientsPooledDirectBuffersWithTheSdksHeaders() {
		byte[] bytes = randomBytes(3 * 1024 * 1024 + 12345);
		String key = put(bytes, "application/pdf");
		ObjectContent content = downloads.open(key, null).block(WAIT);
		GetObjectResponse expected = sdk.getObject((r) -> r.bucket(BUCKET).key(key)).response();

		assertThat(content.contentLength()).isEqualTo(expected.contentLength()).isEqualTo(bytes.length);
		assertThat(content.etag()).isEqualTo(expected.eTag());
		assertThat(content.contentType()).isEqualTo(expected.contentType()).isEqualTo("application/pdf");
		assertThat(content.contentRange()).isNull();
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		content.body().doOnNext((buffer) -> {
			// No copy on the way: the buffers the connection read into.
			assertThat(buffer.isDirect()).isTrue();
			byte[] chunk = new byte[buffer.readableBytes()];
			buffer.readBytes(chunk);
			received.writeBytes(chunk);
			buffer.release();
		}).blockLast(WAIT);
		assertThat(received.toByteArray()).isEqualTo(bytes);
	}

	@Test
	void rangesAreAnsweredAsTheSdkAnswersThem() {
		byte[] bytes = randomBytes(5000);
		String key = put(bytes, "text/plain");
		for (ByteRange range : List.of(new ByteRange(100L, 199L), new ByteRange(4990L, null), new ByteRange(null, 10L),
				new ByteRange(4000L, 99_999L))) {
			ResponseBytes<GetObjectResponse> expected = sdk
				.getObjectAsBytes((r) -> r.bucket(BUCKET).key(key).range(range.toHeaderValue()));
			ObjectContent content = downloads.open(key, range).block(WAIT);
			assertThat(content.contentRange()).as(range.toHeaderValue())
				.isEqualTo(expected.response().contentRange())
				.isNotNull();
			assertThat(content.contentLength()).isEqualTo(expected.response().contentLength());
			assertThat(content.etag()).isEqualTo(expected.response().eTag());
			assertThat(bodyOf(content)).isEqualTo(expected.asByteArray());
		}
	}

	@Test
	void aMissingObjectAndARangePastTheEndFailAsTheSdkFails() {
		String missing = "direct/" + UUID.randomUUID();
		S3Exception sdkMissing = sdkFailure(() -> sdk.getObject((r) -> r.bucket(BUCKET).key(missing)));
		assertThatThrownBy(() -> downloads.open(missing, null).block(WAIT)).isInstanceOfSatisfying(S3Exception.class,
				(ex) -> {
					assertThat(ex.statusCode()).isEqualTo(404).isEqualTo(sdkMissing.statusCode());
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo(sdkMissing.awsErrorDetails().errorCode());
				});

		String key = put(randomBytes(5000), "text/plain");
		ByteRange pastTheEnd = new ByteRange(9000L, null);
		S3Exception sdkRange = sdkFailure(
				() -> sdk.getObject((r) -> r.bucket(BUCKET).key(key).range(pastTheEnd.toHeaderValue())));
		assertThatThrownBy(() -> downloads.open(key, pastTheEnd).block(WAIT)).isInstanceOfSatisfying(S3Exception.class,
				(ex) -> {
					assertThat(ex.statusCode()).isEqualTo(416).isEqualTo(sdkRange.statusCode());
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo(sdkRange.awsErrorDetails().errorCode());
					// A caller's mistake: never tried again, never the provider's fault.
					assertThat(DirectConnections.retryable(ex)).isFalse();
					assertThat(S3Errors.providerFault(ex)).isFalse();
				});
	}

	@Test
	void wrongCredentialsAreTheProvidersRefusalNotRetried() {
		S3Server server = TestInfrastructure.s3();
		String key = put(randomBytes(100), "text/plain");
		try (S3Presigner wrong = Presigning.presigner(server.endpoint(), "us-east-1",
				StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), "not-the-secret")),
				true);
				DirectDownloads refused = new DirectDownloads("wrong", wrong, BUCKET, TestS3Clients.timeouts(WAIT))) {
			assertThatThrownBy(() -> refused.open(key, null).block(WAIT)).isInstanceOfSatisfying(S3Exception.class,
					(ex) -> {
						assertThat(ex.statusCode()).isEqualTo(403);
						assertThat(ex.awsErrorDetails().errorCode()).isNotBlank();
						assertThat(DirectConnections.retryable(ex)).isFalse();
					});
		}
	}

	@Test
	void aProviderThatCannotBeReachedIsAConnectionFailureForTheBreaker() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		try (S3Presigner nowhere = Presigning.presigner(URI.create("http://127.0.0.1:" + closed), "us-east-1",
				StaticCredentialsProvider.create(AwsBasicCredentials.create("nobody", "nothing")), true);
				DirectDownloads unreachable = new DirectDownloads("nowhere", nowhere, BUCKET,
						TestS3Clients.timeouts(Duration.ofSeconds(2)))) {
			StepVerifier.create(unreachable.open("any", null))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IOException.class)
					.satisfies((failure) -> assertThat(S3Errors.providerFault(failure)).isTrue()))
				.verify(WAIT);
		}
	}

	@Test
	void aBodyCancelledHalfWayLeavesTheNextDownloadWhole() {
		byte[] bytes = randomBytes(2 * 1024 * 1024);
		String key = put(bytes, "application/octet-stream");
		ObjectContent first = downloads.open(key, null).block(WAIT);
		List<ByteBuf> taken = first.body().take(1).collectList().block(WAIT);
		taken.forEach(ByteBuf::release);
		assertThat(taken).hasSize(1);
		assertThat(bodyOf(downloads.open(key, null).block(WAIT))).isEqualTo(bytes);
	}

	private static byte[] bodyOf(ObjectContent content) {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		Flux.from(content.body()).doOnNext((buffer) -> {
			try {
				byte[] chunk = new byte[buffer.readableBytes()];
				buffer.readBytes(chunk);
				received.writeBytes(chunk);
			}
			finally {
				buffer.release();
			}
		}).blockLast(WAIT);
		return received.toByteArray();
	}

	private static S3Exception sdkFailure(Runnable call) {
		try {
			call.run();
		}
		catch (S3Exception ex) {
			return ex;
		}
		throw new AssertionError("The SDK's call did not fail");
	}

	private static String put(byte[] bytes, String contentType) {
		String key = "direct/" + UUID.randomUUID();
		sdk.putObject((r) -> r.bucket(BUCKET).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
		return key;
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

}
