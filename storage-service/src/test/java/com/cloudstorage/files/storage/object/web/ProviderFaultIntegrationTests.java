package com.cloudstorage.files.storage.object.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.ProviderFaults;
import com.cloudstorage.files.storage.TestGrants;
import com.cloudstorage.files.storage.TestTokens;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider that hangs or stops: calls fail with 503 StorageUnavailable in bounded time,
 * fast once the profile's breaker is open, and work again once the provider is back.
 * Bounds are generous (the machine is shared); what they guard against is a call that
 * waits for the provider without limit.
 */
class ProviderFaultIntegrationTests extends IntegrationTestSupport {

	private static final Duration BOUNDED = Duration.ofSeconds(10);

	private static final Duration FAST = Duration.ofSeconds(1);

	private static final String WRITE = TestTokens.service();

	private static final String READ = TestTokens.service();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@LocalServerPort
	private int port;

	@Test
	void hungProviderFailsUploadsInBoundedTimeThenAtOnceWhenTheBreakerOpens() {
		// Enough failed calls at once to open the breaker (minimum-calls 4).
		List<CompletableFuture<Timed>> uploads = IntStream.range(0, 4)
			.mapToObj((i) -> uploadAsync("hung-uploads",
					ObjectApiIntegrationTests.randomBytes((i % 2 == 0) ? 1000 : 6 * 1024 * 1024)))
			.toList();
		for (CompletableFuture<Timed> upload : uploads) {
			Timed timed = upload.join();
			assertStorageUnavailable(timed);
			assertThat(timed.elapsed()).isLessThan(BOUNDED);
		}
		Timed open = uploadAsync("hung-uploads", ObjectApiIntegrationTests.randomBytes(1000)).join();
		assertStorageUnavailable(open);
		assertThat(open.elapsed()).isLessThan(FAST);
		assertThat(open.response().headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void providerThatNeverAnswersAfterTheWholeBodyFailsTheStreamedUploadInBoundedTime() {
		// Over one part: one streamed PUT, whose body the provider asks for and reads.
		Timed upload = uploadAsync("silent-after-body", ObjectApiIntegrationTests.randomBytes(6 * 1024 * 1024)).join();
		assertStorageUnavailable(upload);
		assertThat(upload.elapsed()).isLessThan(BOUNDED);
	}

	@Test
	void providerThatStopsReadingMidBodyFailsTheStreamedUploadInBoundedTime() {
		// More than the sockets between the service and the provider buffer.
		Timed upload = uploadAsync("stops-reading", ObjectApiIntegrationTests.randomBytes(32 * 1024 * 1024)).join();
		assertStorageUnavailable(upload);
		assertThat(upload.elapsed()).isLessThan(BOUNDED);
	}

	@Test
	void hungProviderFailsDownloadsInBoundedTime() {
		Timed download = send(request("/internal/v1/objects/hung-reads?key=" + ObjectApiIntegrationTests.newKey(), READ,
				HttpMethod.GET)
			.GET()
			.build());
		assertStorageUnavailable(download);
		assertThat(download.elapsed()).isLessThan(BOUNDED);
	}

	@Test
	void providerThatStopsMidBodyEndsTheDownloadInBoundedTime() throws Exception {
		long start = System.nanoTime();
		try (Socket socket = rawGet("/internal/v1/objects/stalling-reads?key=" + ObjectApiIntegrationTests.newKey())) {
			socket.setSoTimeout(30_000);
			RawBody body = RawBody.read(socket.getInputStream());
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(body.head()).startsWith("HTTP/1.1 200");
			// The provider announced 4 MiB and sent 64 KiB: the connection is cut
			// rather than ended as if the object were whole.
			assertThat(body.length()).isLessThan(4 * 1024 * 1024);
			assertThat(elapsed).isLessThan(BOUNDED);
		}
	}

	@Test
	void aReaderThatPausesLongerThanTheProviderReadTimeoutStillGetsTheWholeObject() throws Exception {
		// Larger than what the sockets between client, service and provider buffer, so
		// the pause reaches the provider connection (its read timeout is 5 s here).
		byte[] bytes = ObjectApiIntegrationTests.randomBytes(32 * 1024 * 1024);
		String key = ObjectApiIntegrationTests.newKey();
		HttpRequest upload = request("/internal/v1/objects/local?key=" + key + "&maxBytes=" + bytes.length, WRITE)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build();
		assertThat(send(upload).status()).isEqualTo(200);
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(64 * 1024);
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 5_000);
			socket.setSoTimeout(60_000);
			writeGet(socket, "/internal/v1/objects/local?key=" + key);
			InputStream in = socket.getInputStream();
			byte[] first = in.readNBytes(256 * 1024);
			assertThat(first).hasSize(256 * 1024);
			Thread.sleep(8_000);
			RawBody rest = RawBody.read(new SequenceInputStream(new ByteArrayInputStream(first), in));
			assertThat(rest.head()).startsWith("HTTP/1.1 200");
			assertThat(rest.length()).isEqualTo(bytes.length);
			assertThat(rest.sha256()).isEqualTo(ObjectApiIntegrationTests.sha256(bytes));
		}
	}

	@Test
	void stoppedProviderFailsFastAndWorksAgainOnceBack() throws Exception {
		ProviderFaults.RestartableS3 s3 = ProviderFaults.restartable();
		assertThat(uploadAsync("restartable", ObjectApiIntegrationTests.randomBytes(1000)).join().status())
			.isEqualTo(200);
		s3.stop();
		try {
			for (int i = 0; i < 5; i++) {
				Timed down = uploadAsync("restartable", ObjectApiIntegrationTests.randomBytes(1000)).join();
				assertStorageUnavailable(down);
				assertThat(down.elapsed()).isLessThan(BOUNDED);
			}
			// Five refused connections opened the breaker: no call is tried now.
			Timed open = uploadAsync("restartable", ObjectApiIntegrationTests.randomBytes(6 * 1024 * 1024)).join();
			assertStorageUnavailable(open);
			assertThat(open.elapsed()).isLessThan(FAST);
			Timed presign = send(
					request("/internal/v1/presigned-downloads", READ).header("Content-Type", "application/json")
						.header(TestGrants.HEADER, TestGrants.readGrant("restartable", "a/b"))
						.POST(HttpRequest.BodyPublishers
							.ofString("{\"provider\":\"restartable\",\"key\":\"a/b\",\"filename\":\"b.txt\"}"))
						.build());
			assertStorageUnavailable(presign);
		}
		finally {
			s3.start();
		}
		// After open-for (20 s here, so a slow machine still sees it open) the breaker
		// lets trial calls through and closes.
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(
					uploadAsync("restartable", ObjectApiIntegrationTests.randomBytes(6 * 1024 * 1024)).join().status())
				.isEqualTo(200));
	}

	@Test
	void callersMistakesNeverOpenTheBreaker() {
		for (int i = 0; i < 6; i++) {
			Timed missing = send(request("/internal/v1/objects/strict?key=" + ObjectApiIntegrationTests.newKey(), READ,
					HttpMethod.GET)
				.GET()
				.build());
			assertThat(missing.status()).isEqualTo(404);
			// No Content-Length: the limit is found while reading.
			this.client.put()
				.uri("/internal/v1/objects/strict?key={key}&maxBytes=1000", ObjectApiIntegrationTests.newKey())
				.header("Authorization", "Bearer " + WRITE)
				.body(ObjectApiIntegrationTests.chunked(ObjectApiIntegrationTests.randomBytes(5000), 1024),
						org.springframework.core.io.buffer.DataBuffer.class)
				.exchange()
				.expectStatus()
				.isEqualTo(413);
		}
		assertThat(uploadAsync("strict", ObjectApiIntegrationTests.randomBytes(1000)).join().status()).isEqualTo(200);
	}

	private void assertStorageUnavailable(Timed timed) {
		assertThat(timed.status()).isEqualTo(503);
		assertThat(timed.response().headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(timed.response().body()).contains("\"code\":\"StorageUnavailable\"");
		assertThat(timed.response().headers().firstValue("Retry-After")).isPresent();
	}

	private CompletableFuture<Timed> uploadAsync(String provider, byte[] bytes) {
		HttpRequest request = request("/internal/v1/objects/" + provider + "?key=" + ObjectApiIntegrationTests.newKey()
				+ "&maxBytes=" + (64 * 1024 * 1024), WRITE)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build();
		long start = System.nanoTime();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.thenApply((response) -> new Timed(response, Duration.ofNanos(System.nanoTime() - start)));
	}

	private Timed send(HttpRequest request) {
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
		return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
	}

	private Socket rawGet(String path) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
		writeGet(socket, path);
		return socket;
	}

	private static void writeGet(Socket socket, String path) throws IOException {
		socket.getOutputStream()
			.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + READ + "\r\n"
					+ TestGrants.HEADER + ": " + TestGrants.grantFor(HttpMethod.GET, URI.create(path))
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	private HttpRequest.Builder request(String path, String token) {
		return request(path, token, HttpMethod.PUT);
	}

	/**
	 * With the grant a {@code method} call of the path needs: read for GET, else write.
	 */
	private HttpRequest.Builder request(String path, String token, HttpMethod method) {
		URI url = URI.create("http://127.0.0.1:" + this.port + path);
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + token);
		// Calls carry a grant for their key, as the gateway's do.
		String grant = TestGrants.grantFor(method, url);
		return (grant != null) ? request.header(TestGrants.HEADER, grant) : request;
	}

	/** A response read off a raw socket until the server closes it. */
	record RawBody(String head, long length, String sha256) {

		static RawBody read(InputStream in) throws IOException {
			StringBuilder head = new StringBuilder();
			while (!head.toString().endsWith("\r\n\r\n")) {
				int next = in.read();
				if (next < 0) {
					break;
				}
				head.append((char) next);
			}
			MessageDigest digest = sha256Digest();
			long length = 0;
			byte[] buffer = new byte[64 * 1024];
			try {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					digest.update(buffer, 0, read);
					length += read;
				}
			}
			catch (SocketException ex) {
				// A reset is one way a cut body ends.
			}
			return new RawBody(head.toString(), length, HexFormat.of().formatHex(digest.digest()));
		}

		private static MessageDigest sha256Digest() {
			try {
				return MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	record Timed(HttpResponse<String> response, Duration elapsed) {

		int status() {
			return this.response.statusCode();
		}

	}

}
