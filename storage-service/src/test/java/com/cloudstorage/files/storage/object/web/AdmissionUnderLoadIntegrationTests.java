package com.cloudstorage.files.storage.object.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.S3Server;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.storage.StorageServiceApplication;
import com.cloudstorage.files.storage.TestGrants;
import com.cloudstorage.files.storage.TestTokens;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service in its own JVM with a small heap (96 MB) and a small admission budget,
 * under more concurrent uploads and downloads than the heap could buffer: every request
 * is served or refused early with 503 and {@code Retry-After}; the JVM never runs out of
 * memory (it would exit: {@code -XX:+ExitOnOutOfMemoryError}) and answers normally
 * afterwards.
 */
class AdmissionUnderLoadIntegrationTests {

	private static final int MIB = 1024 * 1024;

	private static final String WRITE = TestTokens.service();

	private static final String READ = TestTokens.service();

	private static Process service;

	private static Path log;

	private static int port;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@BeforeAll
	static void startService() throws Exception {
		PostgresServer postgres = TestInfrastructure.postgres();
		S3Server s3 = TestInfrastructure.s3();
		port = freePort();
		log = Files.createTempFile("storage-service-load", ".log");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
				"-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
				StorageServiceApplication.class.getName(), "--server.port=" + port, "--files.storage.mode=api",
				"--spring.r2dbc.url=" + postgres.r2dbcUrl("storage"), "--spring.r2dbc.username=" + PostgresServer.USER,
				"--spring.r2dbc.password=" + PostgresServer.PASSWORD,
				"--spring.flyway.url=" + postgres.jdbcUrl("storage"),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=",
				"--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation(),
				"--files.storage.grants.keys." + TestGrants.KEY_ID + "=" + TestGrants.KEY,
				"--files.storage.part-size=5MB", "--files.storage.transfers.memory-budget=24MB",
				"--files.storage.transfers.max-uploads=6", "--files.storage.transfers.max-downloads=16",
				"--files.storage.providers.local.endpoint=" + s3.endpoint(),
				"--files.storage.providers.local.access-key=" + s3.accessKey(),
				"--files.storage.providers.local.secret-key=" + s3.secretKey(),
				// Not about timeouts: the shared machine may make the S3 server slow.
				"--files.storage.providers.local.timeouts.attempt=PT30S",
				"--files.storage.providers.local.timeouts.call=PT60S",
				"--files.storage.providers.local.timeouts.connect=PT10S",
				"--files.storage.providers.local.timeouts.acquire=PT30S");
		service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		awaitHealthy(Duration.ofSeconds(400));
	}

	@AfterAll
	static void stopService() throws Exception {
		if (service != null) {
			service.destroy();
			if (!service.waitFor(20, TimeUnit.SECONDS)) {
				service.destroyForcibly();
			}
		}
	}

	@Test
	void concurrentTransfersAreServedOrRefusedEarlyAndTheServiceSurvives() throws Exception {
		byte[] body = ObjectApiIntegrationTests.randomBytes(6 * MIB);
		String sha256 = ObjectApiIntegrationTests.sha256(body);
		List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			// A third without Content-Length: those reserve two whole parts.
			HttpRequest.BodyPublisher publisher = (i % 3 == 0)
					? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
					: HttpRequest.BodyPublishers.ofByteArray(body);
			uploads.add(
					this.http.sendAsync(
							request("/internal/v1/objects/local?key=" + ObjectApiIntegrationTests.newKey()
									+ "&maxBytes=" + (64 * MIB), WRITE)
								.PUT(publisher)
								.build(),
							HttpResponse.BodyHandlers.ofString()));
		}
		int stored = 0;
		for (CompletableFuture<HttpResponse<String>> upload : uploads) {
			HttpResponse<String> response = upload.get(120, TimeUnit.SECONDS);
			if (response.statusCode() == 200) {
				assertThat(response.body()).contains(sha256);
				stored++;
			}
			else {
				assertRefusedEarly(response);
			}
		}
		assertThat(stored).isPositive();
		assertThat(service.isAlive()).as("service alive after uploads; log %s", log).isTrue();

		String key = ObjectApiIntegrationTests.newKey();
		assertThat(upload(key, body).statusCode()).isEqualTo(200);
		List<CompletableFuture<HttpResponse<byte[]>>> downloads = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			downloads.add(this.http.sendAsync(
					request("/internal/v1/objects/local?key=" + key, READ, HttpMethod.GET).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray()));
		}
		int served = 0;
		for (CompletableFuture<HttpResponse<byte[]>> download : downloads) {
			HttpResponse<byte[]> response = download.get(120, TimeUnit.SECONDS);
			if (response.statusCode() == 200) {
				assertThat(ObjectApiIntegrationTests.sha256(response.body())).isEqualTo(sha256);
				served++;
			}
			else {
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(response.headers().firstValue("Retry-After")).isPresent();
			}
		}
		assertThat(served).isPositive();

		assertThat(service.isAlive()).as("service alive after downloads; log %s", log).isTrue();
		assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
		// Everything was given back: a transfer as large as the budget allows goes
		// through.
		assertThat(upload(ObjectApiIntegrationTests.newKey(), body).statusCode()).isEqualTo(200);
		HttpResponse<String> health = this.http.send(request("/actuator/health", READ, HttpMethod.GET).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
	}

	private static void assertRefusedEarly(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.body()).contains("\"code\":\"ServiceUnavailable\"");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	private HttpResponse<String> upload(String key, byte[] body) throws Exception {
		return this.http.send(request("/internal/v1/objects/local?key=" + key + "&maxBytes=" + (64 * MIB), WRITE)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(String path, String token) {
		return request(path, token, HttpMethod.PUT);
	}

	/**
	 * With the grant a {@code method} call of the path needs: read for GET, else write.
	 */
	private static HttpRequest.Builder request(String path, String token, HttpMethod method) {
		URI url = URI.create("http://127.0.0.1:" + port + path);
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(Duration.ofSeconds(120))
			.header("Authorization", "Bearer " + token);
		// Calls carry a grant for their key, as the gateway's do.
		String grant = TestGrants.grantFor(method, url);
		return (grant != null) ? request.header(TestGrants.HEADER, grant) : request;
	}

	private static void awaitHealthy(Duration timeout) throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!service.isAlive()) {
				throw new IllegalStateException("storage-service exited at start:\n" + Files.readString(log));
			}
			try {
				HttpResponse<Void> health = client.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("storage-service did not become healthy; log " + log);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
