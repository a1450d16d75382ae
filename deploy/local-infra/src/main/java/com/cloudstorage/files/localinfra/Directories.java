package com.cloudstorage.files.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Directories the servers and their tests write. Every run on a shared disk must leave
 * nothing behind: a database cluster or a stack's data is hundreds of megabytes, and a
 * full disk fails the next run's servers in ways that look like their bugs.
 */
public final class Directories {

	private Directories() {
	}

	/** Deletes a directory and everything in it; nothing when it does not exist. */
	public static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	/**
	 * Like {@link #deleteTree(Path)}, for clean-up that runs while the JVM stops, where
	 * nobody is left to handle a failure.
	 */
	public static void deleteTreeQuietly(Path root) {
		try {
			deleteTree(root);
		}
		catch (IOException | UncheckedIOException ex) {
			// Best effort; the next run does not depend on it.
		}
	}

	/**
	 * A new temporary directory, after deleting the ones earlier runs left under the same
	 * prefix. The runs delete their own when their JVM exits, but a JVM can be stopped
	 * before that (Surefire kills a fork that takes more than 30 s to exit, a developer
	 * presses Ctrl-C twice). A leftover is one older than {@code leftAfter} whose
	 * PostgreSQL (if it has one) no longer runs: a server stopped by a fault test that is
	 * still running is younger than that.
	 */
	public static Path temporary(String prefix, Duration leftAfter) throws IOException {
		Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
		Instant before = Instant.now().minus(leftAfter);
		try (Stream<Path> candidates = Files.list(tmp)) {
			for (Path candidate : candidates.toList()) {
				if (candidate.getFileName().toString().startsWith(prefix) && Files.isDirectory(candidate)
						&& isLeftOver(candidate, before)) {
					deleteTreeQuietly(candidate);
				}
			}
		}
		return Files.createTempDirectory(prefix);
	}

	private static boolean isLeftOver(Path directory, Instant before) {
		try {
			if (Files.getLastModifiedTime(directory).toInstant().isAfter(before)) {
				return false;
			}
			try (Stream<Path> pidFiles = Files.find(directory, 3,
					(path, attributes) -> path.getFileName().toString().equals("postmaster.pid"))) {
				return pidFiles.noneMatch(Directories::namesALiveProcess);
			}
		}
		catch (IOException | UncheckedIOException ex) {
			return false;
		}
	}

	private static boolean namesALiveProcess(Path postmasterPid) {
		try {
			String firstLine = Files.readAllLines(postmasterPid).get(0).trim();
			return ProcessHandle.of(Long.parseLong(firstLine)).map(ProcessHandle::isAlive).orElse(false);
		}
		catch (IOException | RuntimeException ex) {
			// Unreadable: treat the server as running rather than delete its data.
			return true;
		}
	}

	/**
	 * Where the PostgreSQL binaries are unpacked: once per machine and shared by every
	 * server, test JVM and stack (the unpacking locks against concurrent runs), instead
	 * of about 120 MB beside each cluster.
	 */
	public static Path postgresBinaries() {
		return Path.of(System.getProperty("java.io.tmpdir"), "cloud-storage-postgres-binaries");
	}

}
