package com.cloudstorage.files.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up: the whole stack as {@code ./run-local} starts it (measured when the benchmark
 * starts its stack), and each service started alone next to the running, idle stack,
 * against the bare WebFlux app started the same way.
 */
final class StartupBenchmark {

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final String BARE_APP = "bare WebFlux app";

	private StartupBenchmark() {
	}

	/** The figure for the whole stack, timed by {@link BenchStack#start}. */
	static void wholeStack(BenchStack stack, Results results) {
		Map<String, Object> raw = new LinkedHashMap<>();
		raw.put("allReadySeconds", stack.startSeconds());
		raw.put("infrastructureSeconds", stack.infrastructureSeconds());
		raw.put("readyAfterSecondsSinceStart", stack.readyAfterSeconds());
		// A first run after a build (or on another JDK) records the archive the next one
		// maps: the two differ by far more than any change measured here.
		boolean mapsArchive = BenchStack.commandLine(stack.process("gateway-service"))
			.stream()
			.anyMatch((arg) -> arg.startsWith("-XX:SharedArchiveFile=") || arg.startsWith("-XX:AOTCache="));
		raw.put("mapsClassDataArchive", mapsArchive);
		results.section("startupStack", raw);
		StringBuilder each = new StringBuilder();
		stack.readyAfterSeconds()
			.forEach((name, seconds) -> each.append(each.length() == 0 ? "" : ", ")
				.append(name)
				.append(String.format(" %.0f s", seconds)));
		String flags = stack.fastStartJvm() ? " (smoke: the tests' fast-start JVM flags)" : "";
		flags += mapsArchive ? " (class-data archive of an earlier run)"
				: " (first run: recording the class-data archive)";
		results.figure(new Figure("a fresh local stack (as `./run-local`): all services ready" + flags,
				String.format("%.1f s (PostgreSQL, Kafka, S3 up side by side after %.1f s; ready at: %s)",
						stack.startSeconds(), stack.infrastructureSeconds(), each),
				"—", Double.NaN, "< 30 s", stack.startSeconds() < 30));
	}

	/**
	 * Each service alone, then the bare app, {@code rounds} times: wall clock and the CPU
	 * seconds the JVM used until ready (on a shared machine the CPU time moves far less
	 * with the load than the wall clock does).
	 */
	static void servicesAlone(BenchStack stack, BenchSettings settings, Path logs, Results results) throws Exception {
		Map<String, List<Double>> seconds = new LinkedHashMap<>();
		Map<String, List<Double>> cpuSeconds = new LinkedHashMap<>();
		for (int round = 1; round <= settings.rounds(); round++) {
			for (String service : settings.servicesAlone()) {
				try (Jvm copy = startAlone(stack, service, logs.resolve(service + "-alone-" + round + ".log"))) {
					double took = copy.awaitAnswer("http://127.0.0.1:" + copy.port() + "/actuator/health/readiness",
							200, TIMEOUT);
					double cpu = ProcessCpu.secondsOf(copy.handle().pid());
					seconds.computeIfAbsent(service, (s) -> new ArrayList<>()).add(took);
					cpuSeconds.computeIfAbsent(service, (s) -> new ArrayList<>()).add(cpu);
					System.out.printf("%s alone round %d: ready after %.1f s, %.1f CPU s%n", service, round, took, cpu);
				}
			}
			int port = Jvm.freePort();
			try (Jvm bare = Jvm.startBareApp(port, logs.resolve("bare-app-" + round + ".log"))) {
				double took = bare.awaitAnswer("http://127.0.0.1:" + port + "/s/start", 302, TIMEOUT);
				double cpu = ProcessCpu.secondsOf(bare.handle().pid());
				seconds.computeIfAbsent(BARE_APP, (s) -> new ArrayList<>()).add(took);
				cpuSeconds.computeIfAbsent(BARE_APP, (s) -> new ArrayList<>()).add(cpu);
				System.out.printf("bare WebFlux app round %d: answering after %.1f s, %.1f CPU s%n", round, took, cpu);
			}
		}
		Map<String, Object> raw = new LinkedHashMap<>();
		Map<String, Double> medians = new LinkedHashMap<>();
		Map<String, Double> cpuMedians = new LinkedHashMap<>();
		seconds.forEach((name, values) -> {
			medians.put(name, Stats.median(values));
			cpuMedians.put(name, Stats.median(cpuSeconds.get(name)));
			raw.put(name, Map.of("rounds", values, "median", Stats.median(values), "cpuSecondsRounds",
					cpuSeconds.get(name), "cpuSecondsMedian", Stats.median(cpuSeconds.get(name))));
		});
		results.section("startupAlone", raw);
		double bare = medians.remove(BARE_APP);
		double bareCpu = cpuMedians.remove(BARE_APP);
		String slowest = medians.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
		StringBuilder each = new StringBuilder();
		medians.forEach((name, value) -> each.append(each.length() == 0 ? "" : ", ")
			.append(name)
			.append(String.format(" %.1f s", value)));
		StringBuilder cpu = new StringBuilder();
		cpuMedians.forEach((name,
				value) -> cpu.append(cpu.length() == 0 ? "" : ", ").append(name).append(String.format(" %.1f", value)));
		double slowestSeconds = medians.get(slowest);
		results.figure(new Figure("one service started alone (JVM launch → readiness 200), slowest of them",
				String.format("%.1f s (%s; CPU s until ready: %s)", slowestSeconds, each, cpu),
				String.format("bare WebFlux app %.1f s, %.1f CPU s", bare, bareCpu), bare / slowestSeconds, "< 8 s",
				slowestSeconds < 8));
	}

	/**
	 * Starts a copy of a running service with its exact command line (same jar, flags and
	 * settings) on another port.
	 */
	private static Jvm startAlone(BenchStack stack, String service, Path log) throws Exception {
		List<String> command = new ArrayList<>();
		int port = Jvm.freePort();
		for (String arg : BenchStack.commandLine(stack.process(service))) {
			if (arg.startsWith("-XX:ArchiveClassesAtExit=") || arg.startsWith("-XX:AOTCacheOutput=")) {
				// The stack's own first run records the class-data archive (AOT cache on
				// JDK 25); a copy must not write the same file.
				continue;
			}
			command.add(arg.startsWith("--server.port=") ? "--server.port=" + port : arg);
		}
		return Jvm.start(command, log, port);
	}

}
