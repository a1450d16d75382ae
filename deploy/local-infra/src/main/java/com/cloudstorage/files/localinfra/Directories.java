package com.cloudstorage.files.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
	 * Where the PostgreSQL binaries are unpacked: once per machine and shared by every
	 * server, test JVM and stack (the unpacking locks against concurrent runs), instead
	 * of about 120 MB beside each cluster.
	 */
	public static Path postgresBinaries() {
		return Path.of(System.getProperty("java.io.tmpdir"), "cloud-storage-postgres-binaries");
	}

}
