package com.cloudstorage.files.bench;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

import com.cloudstorage.files.localstack.ServiceJvmFlags;

/**
 * A JVM the benchmark starts itself (the bare app, or a copy of one service started
 * alone), logging to a file, timed from the moment it is launched.
 */
final class Jvm implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(1))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final Process process;

	private final Path log;

	private final long launchedNanos;

	private final int port;

	// A bench stopped with a signal must not leave this JVM running.
	private final Thread stopOnExit;

	private Jvm(Process process, Path log, long launchedNanos, int port) {
		this.process = process;
		this.stopOnExit = new Thread(process::destroy, "bench-jvm-stop");
		Runtime.getRuntime().addShutdownHook(this.stopOnExit);
		this.log = log;
		this.launchedNanos = launchedNanos;
		this.port = port;
	}

	/** Starts {@code command}, which listens on {@code port}. */
	static Jvm start(List<String> command, Path log, int port) throws IOException {
		Files.createDirectories(log.getParent());
		long launched = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new Jvm(process, log, launched, port);
	}

	/** The bare WebFlux app on the services' JVM flags and this JVM's class path. */
	static Jvm startBareApp(int port, Path log) throws IOException {
		return startBareApp(port, log, List.of());
	}

	/**
	 * The bare app relaying {@code /relay/**} to {@code target} (a base URL), besides
	 * answering as usual.
	 */
	static Jvm startBareRelay(int port, String target, Path log) throws IOException {
		return startBareApp(port, log, List.of("--bare.relay-to=" + target));
	}

	private static Jvm startBareApp(int port, Path log, List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(javaBinary());
		command.addAll(ServiceJvmFlags.common());
		command.addAll(List.of("-cp", System.getProperty("java.class.path"),
				"com.cloudstorage.files.bench.baseline.BareWebFluxApp", "--server.port=" + port));
		command.addAll(arguments);
		return start(command, log, port);
	}

	static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Polls {@code url} every 50 ms until it answers {@code status}; returns the seconds
	 * since launch.
	 */
	double awaitAnswer(String url, int status, Duration timeout) throws InterruptedException {
		long deadline = this.launchedNanos + timeout.toNanos();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("It exited with " + this.process.exitValue() + "; log: " + this.log);
			}
			try {
				if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
					return (System.nanoTime() - this.launchedNanos) / 1e9;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException(
				"Not answering " + status + " within " + timeout.toSeconds() + " s; log: " + this.log);
	}

	int port() {
		return this.port;
	}

	ProcessHandle handle() {
		return this.process.toHandle();
	}

	@Override
	public void close() throws InterruptedException {
		try {
			Runtime.getRuntime().removeShutdownHook(this.stopOnExit);
		}
		catch (IllegalStateException ex) {
			// Already shutting down: the hook stops it.
		}
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
