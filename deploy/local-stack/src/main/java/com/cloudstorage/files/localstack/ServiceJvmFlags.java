package com.cloudstorage.files.localstack;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options every service runs with locally; the benchmark gives its bare baseline
 * app the same ones, so both sides of a ratio run on equal terms.
 */
public final class ServiceJvmFlags {

	/** The launcher's JVM runs the services (see {@link ServiceProcess#java()}). */
	private static final int RUNTIME = Runtime.version().feature();

	private ServiceJvmFlags() {
	}

	/** Heap, collector and the runtime's memory-access permission, in that order. */
	public static List<String> common() {
		List<String> flags = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
		if (RUNTIME >= 24) {
			// From Java 24 Netty leaves sun.misc.Unsafe alone unless it is allowed (to
			// spare users the JDK's warning), and its buffers then cost about twice the
			// CPU per relayed byte (BENCHMARKS.md, "Netty on Java 25").
			flags.add("--sun-misc-unsafe-memory-access=allow");
		}
		return flags;
	}

}
