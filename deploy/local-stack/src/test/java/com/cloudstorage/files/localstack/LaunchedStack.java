package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack started by the real launcher process, on ports the test chose, as the
 * end-to-end tests see it.
 */
final class LaunchedStack {

	/**
	 * Failed link resolutions per client address are limited per window. Short, so the
	 * tests' own failed lookups from 127.0.0.1 (fuzz, corpus, dead links) never add up to
	 * the limit; the test of the limit guesses from addresses of its own.
	 */
	static final Duration FAILED_LINK_WINDOW = Duration.ofSeconds(10);

	static final List<String> PORT_SETTINGS = List.of("GATEWAY_PORT", "ISSUER_PORT", "METADATA_PORT", "STORAGE_PORT",
			"SHARE_LINK_PORT", "KAFKA_PORT", "POSTGRES_PORT", "S3_PORT");

	final LauncherProcess launcher;

	final Map<String, Integer> ports;

	final Path data;

	LaunchedStack(LauncherProcess launcher, Map<String, Integer> ports, Path data) {
		this.launcher = launcher;
		this.ports = ports;
		this.data = data;
	}

	/**
	 * A different free port for every setting: every socket stays open until all are
	 * chosen, since a port closed at once may be handed out again for the next setting
	 * (it was: PostgreSQL and metadata-service once got the same port).
	 */
	static Map<String, Integer> freePorts() throws IOException {
		Map<String, Integer> ports = new LinkedHashMap<>();
		List<ServerSocket> held = new ArrayList<>();
		try {
			for (String setting : PORT_SETTINGS) {
				ServerSocket socket = new ServerSocket(0);
				held.add(socket);
				ports.put(setting, socket.getLocalPort());
			}
		}
		finally {
			for (ServerSocket socket : held) {
				socket.close();
			}
		}
		return ports;
	}

	/**
	 * What the end-to-end tests need: objects in memory, quick JVM start, a short failed
	 * link window (a test exhausts it and the next one starts clean), patience.
	 */
	static Map<String, String> testEnvironment(Map<String, Integer> ports) {
		Map<String, String> environment = new LinkedHashMap<>();
		ports.forEach((setting, port) -> environment.put(setting, String.valueOf(port)));
		// Objects on disk, as in a local run: in memory, the tests' uploads (half a GiB
		// from
		// the concurrency test alone) filled the launcher's heap, shared with its Kafka
		// broker, and the S3 server stopped answering.
		environment.put("LOCAL_STACK_PERSISTENT_OBJECTS", "true");
		environment.put("LOCAL_STACK_FAST_START_JVM", "true");
		environment.put("LOCAL_STACK_FAILED_LINK_WINDOW", FAILED_LINK_WINDOW.toString());
		// Shared 2-core build machines can take minutes to start four JVMs at once.
		environment.put("LOCAL_STACK_START_TIMEOUT", "PT15M");
		// Every consumed event leaves a line (type, id, where: no body), so a test can
		// follow
		// a trace into the consumers' logs. The services inherit the launcher's
		// environment.
		environment.put("LOGGING_LEVEL_COM_CLOUDSTORAGE_FILES_KIT_EVENTS", "DEBUG");
		return environment;
	}

	URI gatewayUrl() {
		return URI.create("http://localhost:" + this.ports.get("GATEWAY_PORT"));
	}

	String issuerUrl() {
		return "http://localhost:" + this.ports.get("ISSUER_PORT");
	}

	String kafkaBootstrapServers() {
		return "127.0.0.1:" + this.ports.get("KAFKA_PORT");
	}

	URI s3Endpoint() {
		return URI.create("http://127.0.0.1:" + this.ports.get("S3_PORT"));
	}

	String token(String client, String secret) throws IOException, InterruptedException {
		return LocalStack.clientCredentialsToken(issuerUrl(), client, secret);
	}

	/** Every line one of our services has logged so far (none before its log exists). */
	List<String> serviceLogLines(String name) {
		Path log = this.data.resolve("logs").resolve(name + ".log");
		try {
			return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList()
					: List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The log of one of our services, for diagnostics. */
	String serviceLogTail(String name) {
		try {
			List<String> lines = new String(Files.readAllBytes(this.data.resolve("logs").resolve(name + ".log")),
					StandardCharsets.UTF_8)
				.lines()
				.toList();
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
