package com.cloudstorage.files.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8, bounded memory at the scale CI affords: every service of the shared stack
 * runs at {@code -Xmx256m} (as {@code ./run-local} starts it), and 64 clients upload at
 * once, then 64 clients stream downloads at once, through the gateway. Each transfer
 * either completes intact or is refused with {@code 503}/{@code 429} problem+json and
 * {@code Retry-After}; no service runs out of memory or stops answering.
 */
class ConcurrentTransfersEndToEndIntegrationTests {

	private static final int CLIENTS = 64;

	private static final int FILE_SIZE = 8 * 1024 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> SERVICES = List.of("gateway-service", "metadata-service", "storage-service",
			"share-link-service");

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	static LaunchedStack stack;

	static String alice;

	@BeforeAll
	static void startStack() throws Exception {
		stack = SharedStack.get();
		alice = stack.token("alice", "alice-secret");
	}

	@Test
	void sixtyFourConcurrentUploadsThenDownloadsCompleteOrAreRefusedAndEveryServiceStaysUp(@TempDir Path folder)
			throws Exception {
		List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
		for (int client = 0; client < CLIENTS; client++) {
			uploads.add(HTTP.sendAsync(HttpRequest
				.newBuilder(stack.gatewayUrl().resolve("/api/v1/files?name=concurrent-" + client + ".bin"))
				.header("Authorization", "Bearer " + alice)
				.header("Content-Type", "application/octet-stream")
				.timeout(Duration.ofMinutes(5))
				.POST(HttpRequest.BodyPublishers.fromPublisher(patternBody(client), FILE_SIZE))
				.build(), HttpResponse.BodyHandlers.ofString()));
		}
		List<String> stored = new ArrayList<>();
		int refusedUploads = 0;
		for (int client = 0; client < CLIENTS; client++) {
			HttpResponse<String> answer = uploads.get(client).get(6, TimeUnit.MINUTES);
			if (answer.statusCode() == 201) {
				Map<?, ?> file = JSON.readValue(answer.body(), Map.class);
				assertThat(file.get("size")).isEqualTo(FILE_SIZE);
				assertThat(file.get("sha256")).isEqualTo(patternSha256(client));
				stored.add(client + ":" + file.get("id"));
			}
			else {
				assertRefusal(answer, "upload " + client);
				refusedUploads++;
			}
		}
		assertThat(stored).as("uploads that completed (%d refused)", refusedUploads).isNotEmpty();
		assertEveryServiceUp();
		// A refused upload never becomes a file: exactly the stored ones are listed.
		HttpResponse<String> listed = HTTP
			.send(HttpRequest.newBuilder(stack.gatewayUrl().resolve("/api/v1/files?q=concurrent-&limit=100"))
				.header("Authorization", "Bearer " + alice)
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
		List<String> listedIds = new ArrayList<>();
		JSON.readTree(listed.body()).get("items").forEach((item) -> listedIds.add(item.get("id").asString()));
		assertThat(listedIds).containsExactlyInAnyOrderElementsOf(
				stored.stream().map((entry) -> entry.substring(entry.indexOf(':') + 1)).toList());

		List<CompletableFuture<HttpResponse<Path>>> downloads = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			String[] entry = stored.get(i % stored.size()).split(":");
			downloads.add(HTTP.sendAsync(HttpRequest
				.newBuilder(stack.gatewayUrl().resolve("/api/v1/files/" + entry[1] + "/content?mode=stream"))
				.header("Authorization", "Bearer " + alice)
				.timeout(Duration.ofMinutes(5))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofFile(folder.resolve("download-" + i))));
		}
		int completedDownloads = 0;
		for (int i = 0; i < CLIENTS; i++) {
			HttpResponse<Path> answer = downloads.get(i).get(6, TimeUnit.MINUTES);
			int client = Integer.parseInt(stored.get(i % stored.size()).split(":")[0]);
			if (answer.statusCode() == 200) {
				assertThat(sha256(answer.body())).as("download %d", i).isEqualTo(patternSha256(client));
				completedDownloads++;
			}
			else {
				assertRefusal(answer.statusCode(), answer.headers().firstValue("Retry-After").orElse(null),
						Files.readString(answer.body()), "download " + i);
			}
			Files.deleteIfExists(answer.body());
		}
		assertThat(completedDownloads).isPositive();
		// For the report: how the instance budgets answered this burst.
		System.out.printf("Concurrent transfers: uploads %d stored, %d refused; downloads %d complete, %d refused%n",
				stored.size(), refusedUploads, completedDownloads, CLIENTS - completedDownloads);
		assertEveryServiceUp();
		for (String service : SERVICES) {
			Path log = stack.data.resolve("logs").resolve(service + ".log");
			try (Stream<String> lines = Files.lines(log)) {
				assertThat(lines.filter((line) -> line.contains("OutOfMemoryError")).findFirst()).as("%s log", service)
					.isEmpty();
			}
		}
		// The launcher's JVM runs the S3 server and the Kafka broker.
		assertThat(stack.launcher.output()).as("launcher output").doesNotContain("OutOfMemoryError");
	}

	private static void assertRefusal(HttpResponse<String> answer, String what) {
		assertRefusal(answer.statusCode(), answer.headers().firstValue("Retry-After").orElse(null), answer.body(),
				what);
	}

	private static void assertRefusal(int status, String retryAfter, String body, String what) {
		assertThat(status).as("%s: %s", what, body).isIn(503, 429);
		assertThat(retryAfter).as("%s: Retry-After", what).isNotNull();
		assertThat(body).as(what).contains("\"code\"");
	}

	private static void assertEveryServiceUp() throws Exception {
		for (String service : SERVICES) {
			int port = stack.ports.get(switch (service) {
				case "gateway-service" -> "GATEWAY_PORT";
				case "metadata-service" -> "METADATA_PORT";
				case "storage-service" -> "STORAGE_PORT";
				default -> "SHARE_LINK_PORT";
			});
			HttpResponse<String> health = HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode())
				.as("%s health: %s\n%s", service, health.body(), stack.serviceLogTail(service))
				.isEqualTo(200);
		}
	}

	/**
	 * A body generated while it is sent (never held in memory): client {@code n}'s bytes
	 * are {@code (i * 31 + n) mod 251}.
	 */
	private static Flow.Publisher<ByteBuffer> patternBody(int client) {
		return (subscriber) -> subscriber.onSubscribe(new Flow.Subscription() {

			private long sent;

			private boolean done;

			@Override
			public synchronized void request(long n) {
				for (long i = 0; i < n && !this.done; i++) {
					// The HTTP client may call request() again from inside onNext:
					// advance
					// before emitting, or that nested call sends this chunk a second time
					// (seen in a full run as an upload whose SHA-256 was not the
					// pattern's).
					int length = (int) Math.min(64 * 1024, FILE_SIZE - this.sent);
					long offset = this.sent;
					this.sent += length;
					boolean last = this.sent == FILE_SIZE;
					this.done = last;
					subscriber.onNext(ByteBuffer.wrap(pattern(client, offset, length)));
					if (last) {
						subscriber.onComplete();
					}
				}
			}

			@Override
			public synchronized void cancel() {
				this.done = true;
			}

		});
	}

	private static byte[] pattern(int client, long offset, int length) {
		byte[] chunk = new byte[length];
		for (int i = 0; i < length; i++) {
			chunk[i] = (byte) (((offset + i) * 31 + client) % 251);
		}
		return chunk;
	}

	private static String patternSha256(int client) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		for (long offset = 0; offset < FILE_SIZE; offset += 64 * 1024) {
			digest.update(pattern(client, offset, (int) Math.min(64 * 1024, FILE_SIZE - offset)));
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static String sha256(Path file) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		digest.update(Files.readAllBytes(file));
		return HexFormat.of().formatHex(digest.digest());
	}

}
