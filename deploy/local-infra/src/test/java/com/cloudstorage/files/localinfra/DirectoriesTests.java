package com.cloudstorage.files.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new run deletes of earlier runs' directories: only old ones whose PostgreSQL no
 * longer runs.
 */
class DirectoriesTests {

	private static final Duration LEFT_AFTER = Duration.ofHours(2);

	/** Its own prefix, so that no other run's directories are touched. */
	private final String prefix = "directories-test-" + UUID.randomUUID() + "-";

	private Path created;

	@AfterEach
	void deleteWhatIsLeft() throws IOException {
		try (var paths = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			for (Path path : paths.filter((p) -> p.getFileName().toString().startsWith(this.prefix)).toList()) {
				Directories.deleteTree(path);
			}
		}
	}

	@Test
	void anOldDirectoryWhosePostgresIsGoneIsDeleted() throws IOException {
		Path stopped = leftBehind(Duration.ofHours(3), deadProcess());
		Path withoutServer = leftBehind(Duration.ofHours(3), null);

		this.created = Directories.temporary(this.prefix, LEFT_AFTER);

		assertThat(stopped).doesNotExist();
		assertThat(withoutServer).doesNotExist();
		assertThat(this.created).isDirectory();
	}

	@Test
	void aDirectoryWhosePostgresRunsOrThatIsYoungIsKept() throws IOException {
		// This JVM stands for a server that still runs (e.g. a long end-to-end module).
		Path running = leftBehind(Duration.ofHours(3), ProcessHandle.current().pid());
		Path young = leftBehind(Duration.ofMinutes(10), deadProcess());

		this.created = Directories.temporary(this.prefix, LEFT_AFTER);

		assertThat(running.resolve("data").resolve("postmaster.pid")).isRegularFile();
		assertThat(young).isDirectory();
	}

	private Path leftBehind(Duration age, Long postmasterPid) throws IOException {
		Path directory = Files.createTempDirectory(this.prefix);
		Path data = Files.createDirectories(directory.resolve("data"));
		Files.writeString(data.resolve("PG_VERSION"), "16\n");
		if (postmasterPid != null) {
			Files.writeString(data.resolve("postmaster.pid"), postmasterPid + "\n/some/data\n");
		}
		Files.setLastModifiedTime(directory, FileTime.from(Instant.now().minus(age)));
		return directory;
	}

	/** The pid of a process that has ended. */
	private static long deadProcess() throws IOException {
		Process process = new ProcessBuilder("true").start();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		return process.pid();
	}

}
