package com.cloudstorage.files.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of processes from {@code /proc/<pid>/stat} (Linux): user + system time in
 * clock ticks (100 per second on Linux). CPU seconds per GiB moved does not depend on
 * what else runs on the machine the way MiB/s does, so it compares runs on a busy, shared
 * machine.
 */
final class ProcessCpu {

	private static final double TICKS_PER_SECOND = 100.0;

	private final Map<String, Long> pids;

	ProcessCpu(Map<String, Long> pids) {
		this.pids = pids;
	}

	/** CPU seconds each process has used so far (NaN when it cannot be read). */
	Map<String, Double> seconds() {
		Map<String, Double> seconds = new LinkedHashMap<>();
		this.pids.forEach((name, pid) -> seconds.put(name, secondsOf(pid)));
		return seconds;
	}

	/**
	 * What each process used between {@code before} and now, per GiB of {@code bytes}.
	 */
	Map<String, Double> perGiBSince(Map<String, Double> before, long bytes) {
		Map<String, Double> perGiB = new LinkedHashMap<>();
		Map<String, Double> now = seconds();
		double gib = bytes / (1024.0 * 1024 * 1024);
		now.forEach((name, seconds) -> perGiB.put(name,
				Math.round((seconds - before.getOrDefault(name, Double.NaN)) / gib * 100) / 100.0));
		return perGiB;
	}

	static double secondsOf(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			// The command name (field 2) may hold spaces; the fields after it are plain.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

}
