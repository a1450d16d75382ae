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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One service of ours running as its own JVM from its packaged jar, logging to a file.
 */
final class ServiceProcess implements AutoCloseable {

	static final int LOG_TAIL_LINES = 30;

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(1))
		.build();

	private final ServiceLaunch launch;

	private final Process process;

	private final Path log;

	private final @Nullable ClassDataSharing classData;

	private final long startedNanos = System.nanoTime();

	private boolean ready;

	private ServiceProcess(ServiceLaunch launch, Process process, Path log, @Nullable ClassDataSharing classData) {
		this.launch = launch;
		this.process = process;
		this.log = log;
		this.classData = classData;
	}

	static ServiceProcess start(ServiceLaunch launch, Path logDirectory, boolean fastStartJvm) throws IOException {
		Path log = logDirectory.resolve(launch.name() + ".log");
		return start(launch, log, fastStartJvm, ProcessBuilder.Redirect.to(log.toFile()));
	}

	/** The same service once more (after it died), appending to its log. */
	ServiceProcess restart(boolean fastStartJvm) throws IOException {
		return restart(fastStartJvm, Map.of());
	}

	/**
	 * The same service once more (after it died) with some settings replaced, appending
	 * to its log.
	 */
	ServiceProcess restart(boolean fastStartJvm, Map<String, String> settings) throws IOException {
		return start(this.launch.with(settings), this.log, fastStartJvm,
				ProcessBuilder.Redirect.appendTo(this.log.toFile()));
	}

	private static ServiceProcess start(ServiceLaunch launch, Path log, boolean fastStartJvm,
			ProcessBuilder.Redirect output) throws IOException {
		Path jar = ServiceJars.jar(launch.name());
		Files.createDirectories(log.getParent());
		Path java = java();
		ClassDataSharing classData = ClassDataSharing.prepare(launch.name(), jar, java);
		List<String> command = new ArrayList<>();
		command.add(java.toString());
		command.addAll(ServiceJvmFlags.common());
		command.addAll(launch.jvmFlags());
		if (fastStartJvm) {
			if (!launch.jvmFlags().containsAll(ServiceLaunch.C1_ONLY)) {
				command.addAll(ServiceLaunch.C1_ONLY);
			}
			if (classData == null) {
				// JDK 25 refuses any -Xshare option next to -XX:AOTCache.
				command.add("-Xshare:auto");
			}
		}
		if (classData != null) {
			command.addAll(classData.jvmArguments());
		}
		else {
			command.add("-jar");
			command.add(jar.toString());
		}
		command.add("--server.port=" + launch.port());
		command.addAll(launch.arguments());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
		return new ServiceProcess(launch, process, log, classData);
	}

	/** The JVM that runs this launcher runs the services too. */
	static Path java() {
		return Path.of(System.getProperty("java.home"), "bin", "java");
	}

	String name() {
		return this.launch.name();
	}

	int port() {
		return this.launch.port();
	}

	Path log() {
		return this.log;
	}

	boolean isReady() {
		return this.ready;
	}

	Duration sinceStart() {
		return Duration.ofNanos(System.nanoTime() - this.startedNanos);
	}

	/**
	 * Fails if the process is gone, whether it was ready or not: a service that exited (a
	 * taken port, a bad setting) never counts as running.
	 */
	void checkAlive() {
		if (!this.process.isAlive()) {
			throw new StartupFailure(name(), "exited with code " + this.process.exitValue()
					+ (this.ready ? "" : " before it was ready") + " (log: " + this.log + ")", tail());
		}
	}

	/**
	 * One readiness probe; remembers success. Not ready while the port is closed, the
	 * probe is slow or it answers anything but 200.
	 */
	boolean probeReady() throws InterruptedException {
		if (this.ready) {
			return true;
		}
		checkAlive();
		URI readiness = URI.create("http://127.0.0.1:" + port() + ServiceLaunch.READINESS_PATH);
		try {
			HttpResponse<Void> response = HTTP.send(
					HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			// Alive after the answer too: a port held by someone else must not count.
			this.ready = response.statusCode() == 200 && this.process.isAlive();
		}
		catch (IOException ex) {
			// Not listening yet.
		}
		return this.ready;
	}

	String tail() {
		try {
			// Lenient decoding: a log is never a reason not to show the log.
			List<String> lines = new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8).lines().toList();
			if (lines.isEmpty()) {
				return "(the log is empty: it stopped before writing anything)";
			}
			return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	ProcessHandle handle() {
		return this.process.toHandle();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			Duration timeout = (this.classData != null) ? this.classData.stopTimeout() : Duration.ofSeconds(15);
			boolean stopped = this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!stopped) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
			if (this.classData != null) {
				this.classData.keepRecording(stopped);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return name();
	}

}
