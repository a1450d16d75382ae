package com.cloudstorage.files.storage.object.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import com.cloudstorage.files.kit.presign.Presigning;
import com.cloudstorage.files.localinfra.S3Server;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.localinfra.ThreadDumpWatchdog;
import com.cloudstorage.files.storage.ProviderFaults;
import com.cloudstorage.files.storage.object.IncompleteBodyException;
import com.cloudstorage.files.storage.object.Part;
import com.cloudstorage.files.storage.object.StorageUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streamed PUT without the SDK's client, on the real test S3 server: the object is
 * stored as sent and the provider's refusals are the SDK's exceptions, mapped as before.
 * (The timeouts of a provider that hangs are the store's: ProviderFaultIntegrationTests.)
 */
@ExtendWith(ThreadDumpWatchdog.class)
class DirectPutsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String BUCKET = TestInfrastructure.BUCKET;

	private static final int CHUNK = 1024 * 1024;

	private static S3Client sdk;

	private static S3Presigner presigner;

	private static DirectPuts puts;

	@BeforeAll
	static void clients() {
		S3Server server = TestInfrastructure.s3();
		sdk = TestS3Clients.sdk(server);
		presigner = TestS3Clients.presigner(server);
		puts = new DirectPuts("test", presigner, BUCKET, TestS3Clients.timeouts(Duration.ofSeconds(20)));
	}

	@AfterAll
	static void close() {
		puts.close();
		presigner.close();
		sdk.close();
	}

	@Test
	void theObjectIsStoredAsSentWithTheProvidersEtag() {
		byte[] bytes = randomBytes(3 * CHUNK + 12345);
		String key = newKey();
		String etag = puts.put(key, bytes.length, chunks(bytes)).block(WAIT);

		HeadObjectResponse head = sdk.headObject((r) -> r.bucket(BUCKET).key(key));
		assertThat(etag).isEqualTo(head.eTag()).isEqualTo("\"" + md5Hex(bytes) + "\"");
		assertThat(head.contentLength()).isEqualTo(bytes.length);
		assertThat(sdk.getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(bytes);
	}

	@Test
	void connectionsAreReusedForTheNextPut() {
		for (int i = 0; i < 3; i++) {
			byte[] bytes = randomBytes(CHUNK + i);
			String key = newKey();
			puts.put(key, bytes.length, chunks(bytes)).block(WAIT);
			assertThat(sdk.getObjectAsBytes((r) -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(bytes);
		}
	}

	@Test
	void aProviderRefusalIsTheSdksExceptionMappedAsBefore() {
		byte[] bytes = randomBytes(CHUNK + 1);
		try (DirectPuts noBucket = new DirectPuts("no-bucket", presigner, "no-such-bucket",
				TestS3Clients.timeouts(Duration.ofSeconds(20)))) {
			assertThatThrownBy(() -> noBucket.put(newKey(), bytes.length, chunks(bytes)).block(WAIT))
				.isInstanceOfSatisfying(S3Exception.class, (ex) -> {
					assertThat(ex.statusCode()).isEqualTo(404);
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
					assertThat(S3Errors.providerFault(ex)).isFalse();
					assertThat(S3Errors.translate(ex, "upload")).isInstanceOf(StorageUnavailableException.class);
				});
		}
	}

	@Test
	void aProviderThatAnswersBeforeAskingGetsNoBodyAndIsTriedAgainOnANewConnection() throws Exception {
		AtomicInteger subscribed = new AtomicInteger();
		byte[] bytes = randomBytes(CHUNK + 1);
		try (AnswersAtOnce busy = new AnswersAtOnce();
				S3Presigner busyPresigner = Presigning.presigner(busy.endpoint(), "us-east-1",
						StaticCredentialsProvider.create(AwsBasicCredentials.create("nobody", "nothing")), true);
				DirectPuts toBusy = new DirectPuts("busy", busyPresigner, BUCKET,
						TestS3Clients.timeouts(Duration.ofSeconds(20)))) {
			assertThatThrownBy(() -> toBusy
				.put(newKey(), bytes.length, chunks(bytes).doOnSubscribe((s) -> subscribed.incrementAndGet()))
				.block(WAIT)).isInstanceOfSatisfying(S3Exception.class, (ex) -> {
					assertThat(ex.statusCode()).isEqualTo(503);
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
					assertThat(S3Errors.providerFault(ex)).isTrue();
				});
			// Never asked for: the body was not sent, so each retry could go ahead, each
			// on a connection of its own (the last one announced a body it never sent).
			assertThat(subscribed).hasValue(0);
			assertThat(busy.requests()).isEqualTo(1 + DirectConnections.RETRIES);
			assertThat(busy.connections()).isEqualTo(1 + DirectConnections.RETRIES);
		}
	}

	@Test
	void wrongCredentialsAreTheProvidersRefusalNotRetried() {
		S3Server server = TestInfrastructure.s3();
		byte[] bytes = randomBytes(CHUNK + 1);
		String key = newKey();
		try (S3Presigner wrong = Presigning.presigner(server.endpoint(), "us-east-1",
				StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), "not-the-secret")),
				true);
				DirectPuts refused = new DirectPuts("wrong", wrong, BUCKET,
						TestS3Clients.timeouts(Duration.ofSeconds(20)))) {
			assertThatThrownBy(() -> refused.put(key, bytes.length, chunks(bytes)).block(WAIT))
				.isInstanceOfSatisfying(S3Exception.class, (ex) -> {
					assertThat(ex.statusCode()).isEqualTo(403);
					assertThat(ex.awsErrorDetails().errorCode()).isNotBlank();
					assertThat(DirectConnections.retryable(ex)).isFalse();
					assertThat(S3Errors.providerFault(ex)).isFalse();
				});
		}
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> sdk.headObject((r) -> r.bucket(BUCKET).key(key)));
	}

	@Test
	void aBodyThatFailsHalfWayFailsThePutAndLeavesNoObject() {
		byte[] bytes = randomBytes(2 * CHUNK);
		String key = newKey();
		Flux<Part> shortBody = chunks(bytes)
			.concatWith(Flux.error(new IncompleteBodyException("Body shorter than its declared length")));
		StepVerifier.create(puts.put(key, 3L * CHUNK, shortBody))
			.expectErrorSatisfies(
					(ex) -> assertThat(S3Errors.ownFailure(ex)).isInstanceOf(IncompleteBodyException.class))
			.verify(WAIT);
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> sdk.headObject((r) -> r.bucket(BUCKET).key(key)));
		// The connection cut half-way is not the next PUT's.
		byte[] next = randomBytes(CHUNK + 7);
		String nextKey = newKey();
		puts.put(nextKey, next.length, chunks(next)).block(WAIT);
		assertThat(sdk.getObjectAsBytes((r) -> r.bucket(BUCKET).key(nextKey)).asByteArray()).isEqualTo(next);
	}

	@Test
	void aProviderThatCannotBeReachedIsAConnectionFailureForTheBreaker() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		try (S3Presigner nowhere = Presigning.presigner(URI.create("http://127.0.0.1:" + closed), "us-east-1",
				StaticCredentialsProvider.create(AwsBasicCredentials.create("nobody", "nothing")), true);
				DirectPuts unreachable = new DirectPuts("nowhere", nowhere, BUCKET,
						TestS3Clients.timeouts(Duration.ofSeconds(20)))) {
			byte[] bytes = randomBytes(100);
			StepVerifier.create(unreachable.put("any", bytes.length, chunks(bytes)))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IOException.class)
					.satisfies((failure) -> assertThat(S3Errors.providerFault(failure)).isTrue()))
				.verify(WAIT);
		}
	}

	/**
	 * A provider that answers every request's headers with {@code 503 SlowDown} at once,
	 * keeping the connection open.
	 */
	private static final class AnswersAtOnce implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final AtomicInteger connections = new AtomicInteger();

		private final AtomicInteger requests = new AtomicInteger();

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		AnswersAtOnce() throws IOException {
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						Socket connection = this.socket.accept();
						this.accepted.add(connection);
						this.connections.incrementAndGet();
						Thread answering = new Thread(() -> answer(connection), "answers-at-once");
						answering.setDaemon(true);
						answering.start();
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "answers-at-once-acceptor");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		private void answer(Socket connection) {
			try {
				InputStream in = connection.getInputStream();
				OutputStream out = connection.getOutputStream();
				while (true) {
					if (!ProviderFaults.readRequestHead(in)) {
						return;
					}
					this.requests.incrementAndGet();
					byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
							+ "<Message>Please reduce your request rate.</Message></Error>")
						.getBytes(StandardCharsets.UTF_8);
					out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\nContent-Length: "
							+ error.length + "\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					out.write(error);
					out.flush();
				}
			}
			catch (IOException ex) {
				// The client closed the connection.
			}
		}

		URI endpoint() {
			return URI.create("http://127.0.0.1:" + this.socket.getLocalPort());
		}

		int connections() {
			return this.connections.get();
		}

		int requests() {
			return this.requests.get();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			for (Socket connection : this.accepted) {
				connection.close();
			}
		}

	}

	private static Flux<Part> chunks(byte[] bytes) {
		List<Part> parts = new ArrayList<>();
		for (int offset = 0, number = 1; offset < bytes.length; offset += CHUNK, number++) {
			int length = Math.min(CHUNK, bytes.length - offset);
			byte[] chunk = new byte[length];
			System.arraycopy(bytes, offset, chunk, 0, length);
			parts.add(new Part(number, chunk, length, offset + length == bytes.length));
		}
		return Flux.fromIterable(parts);
	}

	private static String newKey() {
		return "direct-put/" + UUID.randomUUID();
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

	private static String md5Hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
