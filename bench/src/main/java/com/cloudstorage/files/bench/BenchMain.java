package com.cloudstorage.files.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.cloudstorage.files.localinfra.Directories;
import com.cloudstorage.files.localstack.StartupFailure;

/**
 * {@code bench/run [all|smoke|upload|session|resolve|api|startup|memory]}: starts the
 * local stack, measures each row of issue #10's table against its baseline from the same
 * run, prints ratios and medians, and writes {@code results.json}, {@code summary.md} and
 * PNG plots to {@code bench/results/<time>-<command>/}. Exits non-zero only when a
 * benchmark crashes or produces nothing; a missed target is reported, not a failure.
 */
public final class BenchMain {

	private static final Map<String, Set<String>> COMMANDS = Map.of("all",
			Set.of("startup", "resolve", "api", "upload", "session", "memory"), "smoke",
			Set.of("startup", "resolve", "api", "upload", "session", "memory"), "upload", Set.of("upload", "session"),
			"session", Set.of("session"), "resolve", Set.of("resolve"), "api", Set.of("api"), "startup",
			Set.of("startup"), "memory", Set.of("memory"));

	private BenchMain() {
	}

	public static void main(String[] args) {
		String command = (args.length > 0) ? args[0] : "all";
		Set<String> parts = COMMANDS.get(command);
		if (parts == null) {
			System.err.println("Unknown benchmark " + command
					+ "; one of all, smoke, upload, session, resolve, api, startup, memory");
			System.exit(2);
		}
		try {
			Path directory = run(command, parts, BenchSettings.of(command.equals("smoke")));
			System.out.println("\nResults: " + directory);
			System.exit(0);
		}
		catch (Throwable ex) {
			System.err.println("\nThe benchmark crashed:");
			ex.printStackTrace();
			if (ex instanceof StartupFailure failure && !failure.logTail().isBlank()) {
				System.err.println("\nLast lines of the log of " + failure.part() + ":\n" + failure.logTail());
			}
			System.exit(1);
		}
	}

	private static Path run(String command, Set<String> parts, BenchSettings settings) throws Exception {
		Instant started = Instant.now();
		String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started);
		Path directory = Path.of(System.getenv().getOrDefault("BENCH_RESULTS", "bench/results"))
			.resolve(stamp + "-" + command)
			.toAbsolutePath();
		Files.createDirectories(directory);
		Path work = Directories.temporary("bench-", Duration.ofHours(2));
		Results results = new Results();
		Map<String, Object> machine = Machine.describe();
		System.out.println("Machine: " + machine);
		try (BenchStack stack = BenchStack.start(work.resolve("stack"), settings.smoke())) {
			machine.put("serviceJvmFlags", Machine.jvmFlags(BenchStack.commandLine(stack.process("gateway-service"))));
			StartupBenchmark.wholeStack(stack, results);
			if (parts.contains("startup")) {
				StartupBenchmark.servicesAlone(stack, settings, directory.resolve("logs"), results);
			}
			if (parts.contains("resolve") || parts.contains("api")) {
				int port = Jvm.freePort();
				String bareUrl = "http://127.0.0.1:" + port;
				int relayPort = Jvm.freePort();
				try (Jvm bare = Jvm.startBareApp(port, directory.resolve("logs/bare-app.log"));
						Jvm relay = Jvm.startBareRelay(relayPort, bareUrl, directory.resolve("logs/bare-relay.log"))) {
					bare.awaitAnswer(bareUrl + "/s/start", 302, Duration.ofMinutes(5));
					relay.awaitAnswer("http://127.0.0.1:" + relayPort + "/relay/s/start", 302, Duration.ofMinutes(5));
					LatencyBenchmark latency = new LatencyBenchmark(stack, bareUrl,
							"http://127.0.0.1:" + relayPort + "/relay", settings);
					if (parts.contains("resolve")) {
						latency.resolve(results);
					}
					if (parts.contains("api")) {
						latency.api(results);
					}
				}
			}
			if (parts.contains("upload")) {
				// Two bare relays in a row, as the gateway and storage-service stand
				// between a client and the S3 server.
				int second = Jvm.freePort();
				int first = Jvm.freePort();
				try (Jvm toS3 = Jvm.startBareRelay(second, stack.s3Endpoint().toString().replaceAll("/$", ""),
						directory.resolve("logs/bare-relay-2.log"));
						Jvm toRelay = Jvm.startBareRelay(first, "http://127.0.0.1:" + second + "/relay",
								directory.resolve("logs/bare-relay-1.log"))) {
					toS3.awaitAnswer("http://127.0.0.1:" + second + "/s/start", 302, Duration.ofMinutes(5));
					toRelay.awaitAnswer("http://127.0.0.1:" + first + "/s/start", 302, Duration.ofMinutes(5));
					new TransferBenchmark(stack, work, new TransferBenchmark.Relays(
							"http://127.0.0.1:" + first + "/relay", toRelay.handle().pid(), toS3.handle().pid()))
						.run(settings, results);
				}
			}
			if (parts.contains("session")) {
				new UploadSessionBenchmark(stack, work).run(settings, results);
			}
			if (parts.contains("memory")) {
				MemoryBenchmark.run(stack, settings, work, results);
			}
		}
		finally {
			Directories.deleteTree(work);
		}
		if (results.figures().isEmpty()) {
			throw new IllegalStateException("No figures");
		}
		machine.put("loadAverageAtEnd", Machine.loadAverage());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("command", command);
		json.put("startedAt", started.toString());
		json.put("minutes", Duration.between(started, Instant.now()).toSeconds() / 60.0);
		json.put("commit", Machine.gitCommit());
		json.put("machine", machine);
		json.put("settings", settings.describe());
		json.put("figures", results.figures().stream().map(Figure::toJson).toList());
		json.putAll(results.sections());
		Files.writeString(directory.resolve("results.json"), Json.write(json));
		String table = table(results.figures());
		Files.writeString(directory.resolve("summary.md"), table);
		List<Path> plots = Plots.draw(results, directory, Machine.oneLine(machine));
		System.out.println("\n" + table);
		plots.forEach((png) -> System.out.println("plot: " + png));
		return directory;
	}

	static String table(List<Figure> figures) {
		StringBuilder table = new StringBuilder(
				"| path | measured (median) | baseline, same run | ratio | target | |\n");
		table.append("|---|---|---|---|---|---|\n");
		for (Figure figure : figures) {
			table.append(String.format("| %s | %s | %s | %s | %s | %s |%n", figure.path(), figure.measured(),
					figure.baseline(), figure.ratioText(), figure.target(),
					figure.verdict().equals("not met") ? "**not met**" : figure.verdict()));
		}
		return table.toString();
	}

	/** What the figures were measured on. */
	static final class Machine {

		private Machine() {
		}

		static Map<String, Object> describe() throws IOException {
			Map<String, Object> machine = new LinkedHashMap<>();
			machine.put("cores", Runtime.getRuntime().availableProcessors());
			machine.put("cpu", procField("/proc/cpuinfo", "model name"));
			machine.put("memory", procField("/proc/meminfo", "MemTotal"));
			machine.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
			machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
			machine.put("loadAverageAtStart", loadAverage());
			return machine;
		}

		static String oneLine(Map<String, Object> machine) {
			return machine.get("cores") + " cores (shared), " + machine.get("jdk") + ", services "
					+ machine.getOrDefault("serviceJvmFlags", "");
		}

		static String jvmFlags(List<String> commandLine) {
			List<String> flags = new ArrayList<>();
			for (String arg : commandLine.subList(Math.min(1, commandLine.size()), commandLine.size())) {
				if (arg.equals("-jar")) {
					break;
				}
				flags.add(arg);
			}
			return String.join(" ", flags);
		}

		static String loadAverage() {
			try {
				return Files.readString(Path.of("/proc/loadavg")).trim();
			}
			catch (IOException ex) {
				return "unknown";
			}
		}

		static String gitCommit() {
			try {
				Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true)
					.start();
				String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
				return (git.waitFor() == 0) ? out : "unknown";
			}
			catch (IOException | InterruptedException ex) {
				return "unknown";
			}
		}

		private static String procField(String file, String name) {
			try {
				return Files.readAllLines(Path.of(file))
					.stream()
					.filter((line) -> line.startsWith(name))
					.map((line) -> line.substring(line.indexOf(':') + 1).trim())
					.findFirst()
					.orElse("unknown");
			}
			catch (IOException ex) {
				return "unknown";
			}
		}

	}

}
