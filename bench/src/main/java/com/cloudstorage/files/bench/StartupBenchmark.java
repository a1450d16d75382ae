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

	private StartupBenchmark() {
	}

	/** The figure for the whole stack, timed by {@link BenchStack#start}. */
	static void wholeStack(BenchStack stack, Results results) {
		Map<String, Object> raw = new LinkedHashMap<>();
		raw.put("allReadySeconds", stack.startSeconds());
		raw.put("infrastructureSeconds", stack.infrastructureSeconds());
		raw.put("readyAfterSecondsSinceStart", stack.readyAfterSeconds());
		results.section("startupStack", raw);
		StringBuilder each = new StringBuilder();
		stack.readyAfterSeconds()
			.forEach((name, seconds) -> each.append(each.length() == 0 ? "" : ", ")
				.append(name)
				.append(String.format(" %.0f s", seconds)));
		String flags = stack.fastStartJvm() ? " (smoke: the tests' fast-start JVM flags)" : "";
		results
			.figure(new Figure("a fresh local stack (as `./run-local`): all services ready" + flags,
					String.format("%.1f s (PostgreSQL, Kafka, S3 first: %.1f s; ready at: %s)", stack.startSeconds(),
							stack.infrastructureSeconds(), each),
					"—", Double.NaN, "< 30 s", stack.startSeconds() < 30));
	}

	/** Each service alone, then the bare app, {@code rounds} times. */
	static void servicesAlone(BenchStack stack, BenchSettings settings, Path logs, Results results) throws Exception {
		Map<String, List<Double>> seconds = new LinkedHashMap<>();
		for (int round = 1; round <= settings.rounds(); round++) {
			for (String service : settings.servicesAlone()) {
				double took = startAlone(stack, service, logs.resolve(service + "-alone-" + round + ".log"));
				seconds.computeIfAbsent(service, (s) -> new ArrayList<>()).add(took);
				System.out.printf("%s alone round %d: ready after %.1f s%n", service, round, took);
			}
			int port = Jvm.freePort();
			try (Jvm bare = Jvm.startBareApp(port, logs.resolve("bare-app-" + round + ".log"))) {
				double took = bare.awaitAnswer("http://127.0.0.1:" + port + "/s/start", 302, TIMEOUT);
				seconds.computeIfAbsent("bare WebFlux app", (s) -> new ArrayList<>()).add(took);
				System.out.printf("bare WebFlux app round %d: answering after %.1f s%n", round, took);
			}
		}
		Map<String, Object> raw = new LinkedHashMap<>();
		Map<String, Double> medians = new LinkedHashMap<>();
		seconds.forEach((name, values) -> {
			medians.put(name, Stats.median(values));
			raw.put(name, Map.of("rounds", values, "median", Stats.median(values)));
		});
		results.section("startupAlone", raw);
		double bare = medians.remove("bare WebFlux app");
		String slowest = medians.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
		StringBuilder each = new StringBuilder();
		medians.forEach((name, value) -> each.append(each.length() == 0 ? "" : ", ")
			.append(name)
			.append(String.format(" %.1f s", value)));
		double slowestSeconds = medians.get(slowest);
		results.figure(new Figure("one service started alone (JVM launch → readiness 200), slowest of them",
				String.format("%.1f s (%s)", slowestSeconds, each), String.format("bare WebFlux app %.1f s", bare),
				bare / slowestSeconds, "< 8 s", slowestSeconds < 8));
	}

	/**
	 * Starts a copy of a running service with its exact command line (same jar, flags and
	 * settings) on another port, and times it until its readiness probe answers 200.
	 */
	private static double startAlone(BenchStack stack, String service, Path log) throws Exception {
		List<String> command = new ArrayList<>();
		int port = Jvm.freePort();
		for (String arg : BenchStack.commandLine(stack.process(service))) {
			if (arg.startsWith("-XX:ArchiveClassesAtExit=")) {
				// The stack's own first run records the class-data archive; a copy must
				// not write the same file.
				continue;
			}
			command.add(arg.startsWith("--server.port=") ? "--server.port=" + port : arg);
		}
		try (Jvm copy = Jvm.start(command, log)) {
			return copy.awaitAnswer("http://127.0.0.1:" + port + "/actuator/health/readiness", 200, TIMEOUT);
		}
	}

}
