package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One service of ours running as its own JVM from its packaged jar, logging to a file.
 */
final class ServiceProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private ServiceProcess(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	static ServiceProcess start(String name, Path jar, int port, Path logDirectory, boolean fastStartJvm,
			List<String> arguments) throws IOException {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Missing " + jar + ": build first with ./mvnw -DskipTests package");
		}
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve(name + ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:+UseSerialGC");
		if (fastStartJvm) {
			command.add("-XX:TieredStopAtLevel=1");
			command.add("-Xshare:auto");
		}
		command.add("-jar");
		command.add(jar.toString());
		command.add("--server.port=" + port);
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new ServiceProcess(name, port, process, log);
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	Path log() {
		return this.log;
	}

	/**
	 * Waits until {@code /actuator/health} answers 200, failing early if the process
	 * dies.
	 */
	void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		URI health = URI.create("http://127.0.0.1:" + this.port + "/actuator/health");
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + ":\n" + tail());
			}
			try {
				HttpResponse<Void> response = HTTP.send(
						HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(this.name + " was not healthy within " + timeout + ":\n" + tail());
	}

	String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
