package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.cloudstorage.files.localinfra.Directories;

/**
 * One stack for every end-to-end test class in this JVM, started by the real launcher
 * process (as {@code ./run-local} does) and stopped the way Ctrl-C stops it when the JVM
 * exits.
 *
 * <p>
 * While it starts, a watcher does what a script would: poll the gateway's health and, the
 * moment it is UP, upload a file. {@link #firstUploadAfterHealthUp()} holds the answer.
 */
final class SharedStack {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private static LaunchedStack stack;

	private static CompletableFuture<HttpResponse<String>> firstUpload;

	private SharedStack() {
	}

	static synchronized LaunchedStack get() throws Exception {
		if (stack == null) {
			Path data = Directories.temporary("local-stack-e2e", Duration.ofHours(2));
			Map<String, Integer> ports = LaunchedStack.freePorts();
			LauncherProcess launcher = LauncherProcess.start("e2e", data, LaunchedStack.testEnvironment(ports));
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					launcher.close();
					Directories.deleteTreeQuietly(data);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
			LaunchedStack launched = new LaunchedStack(launcher, ports, data);
			firstUpload = CompletableFuture.supplyAsync(() -> uploadAsSoonAsHealthy(launched));
			if (!launcher.awaitLine((line) -> line.contains("Cloud Storage is running"), Duration.ofMinutes(35))) {
				launcher.close();
				throw new IllegalStateException("The launcher did not report the stack running:\n" + launcher.output());
			}
			stack = launched;
		}
		return stack;
	}

	static synchronized CompletableFuture<HttpResponse<String>> firstUploadAfterHealthUp() {
		return firstUpload;
	}

	private static HttpResponse<String> uploadAsSoonAsHealthy(LaunchedStack stack) {
		URI health = stack.gatewayUrl().resolve("/actuator/health");
		try {
			while (stack.launcher.isAlive()) {
				if (status(health) == 200) {
					String token = stack.token("alice", "alice-secret");
					return HTTP.send(HttpRequest
						.newBuilder(stack.gatewayUrl().resolve("/api/v1/files?name=first-after-health.txt"))
						.header("Authorization", "Bearer " + token)
						.header("Content-Type", "text/plain")
						.timeout(Duration.ofMinutes(3))
						.POST(HttpRequest.BodyPublishers.ofString("uploaded the moment the gateway was UP"))
						.build(), HttpResponse.BodyHandlers.ofString());
				}
				Thread.sleep(100);
			}
			throw new IllegalStateException("The launcher exited before the gateway was healthy");
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int status(URI uri) throws InterruptedException {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
