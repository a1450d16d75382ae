package com.cloudstorage.files.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The launcher as {@code ./run-local} runs it: {@link LocalStack#main} in a JVM of its
 * own, configured through environment variables. Collects its output and every process it
 * ever started, so a test can check that none is left behind.
 */
final class LauncherProcess implements AutoCloseable {

	private final Process process;

	private final List<String> lines = new ArrayList<>();

	private final Set<ProcessHandle> descendants = ConcurrentHashMap.newKeySet();

	private boolean outputEnded;

	private LauncherProcess(Process process) {
		this.process = process;
	}

	static LauncherProcess start(String name, Path data, Map<String, String> environment) throws IOException {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
				"-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), LocalStack.class.getName());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("LOCAL_STACK_DATA", data.toString());
		builder.environment().putAll(environment);
		LauncherProcess launcher = new LauncherProcess(builder.start());
		Path copy = Path.of("target", "launcher-" + name + ".log");
		Thread reader = new Thread(() -> launcher.collectOutput(copy), "launcher-output-" + name);
		reader.setDaemon(true);
		reader.start();
		Thread watcher = new Thread(launcher::watchDescendants, "launcher-children-" + name);
		watcher.setDaemon(true);
		watcher.start();
		return launcher;
	}

	private void collectOutput(Path copy) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				Writer writer = Files.newBufferedWriter(copy)) {
			String line;
			while ((line = reader.readLine()) != null) {
				synchronized (this.lines) {
					this.lines.add(line);
					this.lines.notifyAll();
				}
				writer.write(line + "\n");
				writer.flush();
			}
		}
		catch (IOException ex) {
			// The launcher is gone.
		}
		finally {
			synchronized (this.lines) {
				this.outputEnded = true;
				this.lines.notifyAll();
			}
		}
	}

	private void watchDescendants() {
		while (this.process.isAlive()) {
			this.process.descendants().forEach(this.descendants::add);
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	List<String> lines() {
		synchronized (this.lines) {
			return List.copyOf(this.lines);
		}
	}

	String output() {
		return String.join("\n", lines());
	}

	/** Waits for a line of output; false if the launcher exits or time runs out first. */
	boolean awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lines) {
			while (true) {
				if (this.lines.stream().anyMatch(wanted)) {
					return true;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0 || this.outputEnded) {
					return false;
				}
				this.lines.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 500));
			}
		}
	}

	/** The exit code, or -1 if it is still running after the timeout. */
	int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			return -1;
		}
		return this.process.exitValue();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Every process the launcher started (directly or not) while it ran. */
	Set<ProcessHandle> everyDescendant() {
		return Set.copyOf(this.descendants);
	}

	/** The first process started by the launcher whose command line contains the text. */
	ProcessHandle child(String commandLineContains, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			for (ProcessHandle handle : this.process.children().toList()) {
				if (handle.info().commandLine().orElse("").contains(commandLineContains)) {
					return handle;
				}
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("No child process with " + commandLineContains);
	}

	/** Stops the launcher the way Ctrl-C does; it stops what it started. */
	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		this.descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

}
