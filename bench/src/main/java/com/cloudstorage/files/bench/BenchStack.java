package com.cloudstorage.files.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.cloudstorage.files.localstack.LocalStack;
import com.cloudstorage.files.localstack.StackSettings;
import org.slf4j.LoggerFactory;

/**
 * The local stack as {@code ./run-local} starts it (same launcher, same JVM flags, every
 * service at {@code -Xmx256m}), under a throwaway folder on free ports, plus what the
 * benchmarks need from it: how long it took to start, a token, files, and the service
 * processes themselves (for their memory and command lines).
 */
final class BenchStack implements AutoCloseable {

	private static final Pattern READY = Pattern.compile("^(\\S+)\\s+ready after (\\d+) s");

	private static final Pattern UP = Pattern.compile("^(PostgreSQL|Kafka|S3 server)\\s+up after");

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final LocalStack stack;

	private final double startSeconds;

	private final Map<String, Double> readyAfterSeconds;

	private final double infrastructureSeconds;

	private final boolean fastStartJvm;

	private BenchStack(LocalStack stack, double startSeconds, Map<String, Double> readyAfterSeconds,
			double infrastructureSeconds, boolean fastStartJvm) {
		this.stack = stack;
		this.fastStartJvm = fastStartJvm;
		this.startSeconds = startSeconds;
		this.readyAfterSeconds = readyAfterSeconds;
		this.infrastructureSeconds = infrastructureSeconds;
	}

	/**
	 * Starts the stack; {@code fastStartJvm} (the smoke run only) uses the tests' JVM
	 * flags that favour start-up, so CI spends less time waiting.
	 */
	static BenchStack start(Path data, boolean fastStartJvm) throws Exception {
		StartupEvents events = new StartupEvents();
		Logger launcherLog = (Logger) LoggerFactory.getLogger(LocalStack.class);
		events.setContext(launcherLog.getLoggerContext());
		events.start();
		launcherLog.addAppender(events);
		// As ./run-local: objects on disk, JVMs tuned for running, not for starting.
		StackSettings settings = new StackSettings(data, 0, 0, 0, 0, 0, 0, 0, 0, true, fastStartJvm,
				Duration.ofMinutes(1));
		long start = System.currentTimeMillis();
		LocalStack stack;
		try {
			// A bench stopped with a signal must not leave the stack running.
			stack = LocalStack.startStoppingOnExit(settings);
		}
		finally {
			launcherLog.detachAppender(events);
		}
		double seconds = (System.currentTimeMillis() - start) / 1000.0;
		Map<String, Double> ready = new LinkedHashMap<>();
		// The infrastructure starts side by side (and the issuer with it): until the last
		// part of it is up.
		double infrastructureUp = 0;
		for (ILoggingEvent event : events.seen) {
			String message = event.getFormattedMessage();
			double at = (event.getTimeStamp() - start) / 1000.0;
			Matcher matcher = READY.matcher(message);
			if (matcher.find()) {
				ready.put(matcher.group(1), at);
			}
			else if (UP.matcher(message).find()) {
				infrastructureUp = Math.max(infrastructureUp, at);
			}
		}
		return new BenchStack(stack, seconds, ready, infrastructureUp, fastStartJvm);
	}

	/** From {@link #start} until every service was ready. */
	double startSeconds() {
		return this.startSeconds;
	}

	boolean fastStartJvm() {
		return this.fastStartJvm;
	}

	/** PostgreSQL, Kafka and the S3 server (started side by side): until all were up. */
	double infrastructureSeconds() {
		return this.infrastructureSeconds;
	}

	/** When each service reported ready, in seconds since the stack started. */
	Map<String, Double> readyAfterSeconds() {
		return this.readyAfterSeconds;
	}

	String gatewayUrl() {
		return this.stack.gatewayUrl().toString();
	}

	URI s3Endpoint() {
		return this.stack.s3Endpoint();
	}

	String token() throws IOException, InterruptedException {
		return this.stack.token("alice", "alice-secret");
	}

	String logTail(String service) {
		return this.stack.serviceLogTail(service);
	}

	/** Uploads a small file through the gateway and returns its id. */
	String uploadSmallFile(String token, String name, String content) throws IOException, InterruptedException {
		HttpResponse<String> uploaded = HTTP
			.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/api/v1/files?name=" + name))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString(content))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (uploaded.statusCode() != 201) {
			throw new IllegalStateException("Upload failed: HTTP " + uploaded.statusCode() + " " + uploaded.body());
		}
		return Json.field(uploaded.body(), "id");
	}

	/** The public share link of a file, as users get it. */
	String shareLink(String token, String fileId) throws IOException, InterruptedException {
		HttpResponse<String> link = HTTP
			.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/api/v1/files/" + fileId + "/share-link"))
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		if (link.statusCode() / 100 != 2) {
			throw new IllegalStateException("No share link: HTTP " + link.statusCode());
		}
		return Json.field(link.body(), "url");
	}

	void delete(String token, String fileId) throws IOException, InterruptedException {
		HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/api/v1/files/" + fileId))
			.header("Authorization", "Bearer " + token)
			.DELETE()
			.build(), HttpResponse.BodyHandlers.discarding());
	}

	/** A service's JVM (a child of this one, started from {@code <name>.jar}). */
	ProcessHandle process(String service) {
		String jar = "/" + service + ".jar";
		return ProcessHandle.current()
			.descendants()
			.filter((p) -> commandLine(p).stream().anyMatch((arg) -> arg.endsWith(jar)))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No running " + service));
	}

	/** The full command line of a process, from {@code /proc} (Linux). */
	static List<String> commandLine(ProcessHandle process) {
		try {
			byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
			List<String> args = new ArrayList<>(Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0", -1)));
			if (!args.isEmpty() && args.get(args.size() - 1).isEmpty()) {
				args.remove(args.size() - 1);
			}
			return args;
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	@Override
	public void close() {
		this.stack.close();
	}

	/** Keeps the launcher's log events while the stack starts. */
	private static final class StartupEvents extends AppenderBase<ILoggingEvent> {

		private final List<ILoggingEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		protected void append(ILoggingEvent event) {
			this.seen.add(event);
		}

	}

}
