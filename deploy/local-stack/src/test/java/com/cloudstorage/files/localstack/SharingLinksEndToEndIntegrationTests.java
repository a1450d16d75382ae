package com.cloudstorage.files.localstack;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.assertProblem;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.delete;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.get;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.multipartUpload;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.randomBytes;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.request;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.send;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing links through the gateway on the whole real stack: a person without an account
 * opens the link and gets the same bytes; a reset kills the old link before the reset
 * call returns; a deleted file's link dies; guessing is limited.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharingLinksEndToEndIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Someone with no account and no token: a plain client that does not follow
	 * redirects.
	 */
	static final HttpClient ANONYMOUS = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	static String alice;

	static String bob;

	static String fileId;

	static byte[] bytes;

	static String firstUrl;

	static String currentUrl;

	@BeforeAll
	static void stack() throws Exception {
		LaunchedStack stack = SharedStack.get();
		FileLifecycleEndToEndIntegrationTests.stack = stack;
		alice = stack.token("alice", "alice-secret");
		bob = stack.token("bob", "bob-secret");
		bytes = randomBytes(300_000);
		HttpResponse<String> created = send(multipartUpload(alice, "Offer 2026 – ÄÖÜ.pdf", bytes, Map.of()));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		fileId = JSON.readTree(created.body()).get("id").asString();
	}

	@Test
	@Order(1)
	void aLinkOpensTheFileForSomeoneWithoutAnAccount() throws Exception {
		HttpResponse<String> created = send(linkRequest("POST", "/share-link", alice));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		JsonNode link = JSON.readTree(created.body());
		firstUrl = link.get("url").asString();
		currentUrl = firstUrl;
		assertThat(firstUrl).startsWith(FileLifecycleEndToEndIntegrationTests.stack.gatewayUrl() + "/s/");
		assertThat(link.has("createdAt")).isTrue();
		assertThat(created.headers().firstValue("X-Link-Id")).isEmpty();

		HttpResponse<Void> redirect = ANONYMOUS.send(HttpRequest.newBuilder(URI.create(firstUrl)).build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(redirect.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		HttpResponse<byte[]> object = ANONYMOUS.send(
				HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").orElseThrow())).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(object.statusCode()).isEqualTo(200);
		assertThat(sha256(object.body())).isEqualTo(sha256(bytes));
		assertThat(object.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment")
			.contains("filename*=UTF-8''Offer%202026%20%E2%80%93%20%C3%84%C3%96%C3%9C.pdf");

		HttpResponse<Void> head = ANONYMOUS.send(HttpRequest.newBuilder(URI.create(firstUrl))
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(head.statusCode()).isEqualTo(302);
	}

	@Test
	@Order(2)
	void gettingTheLinkAgainShowsTheSameLink() throws Exception {
		assertThat(JSON.readTree(send(linkRequest("POST", "/share-link", alice)).body()).get("url").asString())
			.isEqualTo(firstUrl);
		assertThat(JSON.readTree(send(linkRequest("GET", "/share-link", alice)).body()).get("url").asString())
			.isEqualTo(firstUrl);
		JsonNode file = JSON.readTree(send(get("/api/v1/files/" + fileId, alice)).body());
		assertThat(file.get("sharingLink").get("url").asString()).isEqualTo(firstUrl);
	}

	@Test
	@Order(3)
	void aUserWithoutSharePermissionIsRefused() throws Exception {
		assertProblem(send(linkRequest("POST", "/share-link", bob)), 403, "Forbidden");
		assertProblem(send(linkRequest("POST", "/share-link/reset", bob)), 403, "Forbidden");
		// Bob cannot even see alice's private file, let alone its link.
		assertProblem(send(get("/api/v1/files/" + fileId, bob)), 404, "NoSuchFile");
	}

	@Test
	@Order(4)
	void aResetKillsTheOldLinkBeforeTheResetReturns() throws Exception {
		HttpResponse<String> reset = send(linkRequest("POST", "/share-link/reset", alice));
		assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
		currentUrl = JSON.readTree(reset.body()).get("url").asString();
		assertThat(currentUrl).isNotEqualTo(firstUrl);

		// No waiting, no retry: the very next requests already see the change.
		HttpResponse<String> browser = ANONYMOUS.send(HttpRequest.newBuilder(URI.create(firstUrl))
			.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(browser.statusCode()).isEqualTo(404);
		assertThat(browser.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(browser.body()).contains("This file is no longer available")
			.contains("The link was reset or the file was deleted.");
		assertThat(browser.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(browser.headers().firstValue("X-Robots-Tag").orElseThrow()).contains("noindex");
		assertThat(browser.headers().firstValue("Content-Security-Policy").orElseThrow())
			.contains("default-src 'none'");

		HttpResponse<String> curl = ANONYMOUS.send(HttpRequest.newBuilder(URI.create(firstUrl)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(curl.statusCode()).isEqualTo(404);
		assertThat(curl.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(JSON.readTree(curl.body()).get("code").asString()).isEqualTo("LinkUnavailable");

		HttpResponse<Void> fresh = ANONYMOUS.send(HttpRequest.newBuilder(URI.create(currentUrl)).build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(fresh.statusCode()).isEqualTo(302);
	}

	@Test
	@Order(5)
	void randomTokensAreRefusedAndThenLimited() throws Exception {
		// The limit counts per client address in windows of FAILED_LINK_WINDOW. Each
		// round comes from a loopback address of its own (127.x.y.z), so no other test's
		// failures count and nothing has to wait for a window to end; its 50 guesses go
		// out 10 at a time. A round slower than the window proves nothing (the window may
		// have ended in between), so only then the next round tries again.
		URI gateway = FileLifecycleEndToEndIntegrationTests.stack.gatewayUrl();
		SecureRandom random = new SecureRandom();
		for (int round = 1;; round++) {
			InetAddress client = InetAddress
				.getByAddress(new byte[] { 127, (byte) (1 + random.nextInt(250)), (byte) random.nextInt(256), 7 });
			long started = System.nanoTime();
			List<Integer> guesses = new ArrayList<>();
			ExecutorService senders = Executors.newFixedThreadPool(10);
			try {
				List<Future<Integer>> answers = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					byte[] token = new byte[32];
					random.nextBytes(token);
					String path = "/s/" + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
					answers.add(senders.submit(() -> statusFrom(client, gateway, path)));
				}
				for (Future<Integer> answer : answers) {
					guesses.add(answer.get());
				}
			}
			finally {
				senders.shutdownNow();
			}
			int limited = statusFrom(client, gateway, "/s/" + "A".repeat(43));
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			if (took.compareTo(LaunchedStack.FAILED_LINK_WINDOW) >= 0 && round < 5) {
				continue;
			}
			assertThat(guesses).as("50 guesses from %s in %s", client, took).containsOnly(404);
			assertThat(limited).as("the 51st guess from %s, %s after the first", client, took).isEqualTo(429);
			break;
		}
		// Successful resolutions are never limited, and other addresses are not affected.
		HttpResponse<Void> ok = ANONYMOUS.send(HttpRequest.newBuilder(URI.create(currentUrl)).build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(ok.statusCode()).isEqualTo(302);
	}

	/** The status of an anonymous GET sent from the given local address. */
	private static int statusFrom(InetAddress client, URI gateway, String path) throws Exception {
		try (Socket socket = new Socket(InetAddress.getByName(gateway.getHost()), gateway.getPort(), client, 0)) {
			socket.setSoTimeout(60_000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(answer).as("answer to %s from %s", path, client).startsWith("HTTP/1.1 ");
			return Integer.parseInt(answer.substring(9, 12));
		}
	}

	@Test
	@Order(6)
	void deletingTheFileKillsItsLinkBeforeTheDeleteReturns() throws Exception {
		HttpResponse<String> deleted = send(delete("/api/v1/files/" + fileId, alice));
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertThat(deleted.headers().firstValue("X-Revoked-Link-Id")).isEmpty();
		// No waiting: the gateway answered the delete only once share-link-service had
		// dropped the link.
		HttpResponse<String> dead = ANONYMOUS.send(HttpRequest.newBuilder(URI.create(currentUrl)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(dead.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(dead.body()).get("code").asString()).isEqualTo("LinkUnavailable");
	}

	static HttpRequest linkRequest(String method, String suffix, String token) {
		return request("/api/v1/files/" + fileId + suffix, token).method(method, HttpRequest.BodyPublishers.noBody())
			.build();
	}

}
