package com.cloudstorage.files.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's peak resident set size from {@code /proc/<pid>/status} (VmHWM, Linux).
 */
final class PeakMemory {

	private PeakMemory() {
	}

	/** Peak RSS in MiB since the process started or since {@link #reset}. */
	static double peakMib(ProcessHandle process) throws IOException {
		return field(process, "VmHWM:") / 1024.0;
	}

	/** Current RSS in MiB. */
	static double currentMib(ProcessHandle process) throws IOException {
		return field(process, "VmRSS:") / 1024.0;
	}

	/**
	 * Starts a new peak from the current RSS (writing {@code 5} to {@code clear_refs});
	 * false where the kernel does not allow it, and the peak then counts from the start.
	 */
	static boolean reset(ProcessHandle process) {
		try {
			Files.writeString(Path.of("/proc", String.valueOf(process.pid()), "clear_refs"), "5");
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static long field(ProcessHandle process, String name) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
			if (line.startsWith(name)) {
				return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
			}
		}
		throw new IOException("No " + name + " for process " + process.pid());
	}

}
