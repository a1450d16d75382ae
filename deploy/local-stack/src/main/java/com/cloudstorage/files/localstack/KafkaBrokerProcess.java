package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.AppInfoParser;

import com.cloudstorage.files.localinfra.Directories;

/**
 * A real single-node Apache Kafka broker in KRaft mode as its own process, with its log
 * under a folder that survives restarts, on a fixed port. (The in-JVM test broker cannot
 * take a fixed port, nor keep its data.)
 */
final class KafkaBrokerProcess implements AutoCloseable {

	private static final String META_PROPERTIES = "meta.properties";

	private static final String BOOTSTRAP_CHECKPOINT = "bootstrap.checkpoint";

	private final Process process;

	private final int port;

	private KafkaBrokerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** The broker's JVM, for fault tests that pause it. */
	ProcessHandle handle() {
		return this.process.toHandle();
	}

	static KafkaBrokerProcess start(int port, Path directory, Path log, int partitions, String... topics)
			throws IOException, InterruptedException {
		int brokerPort = (port > 0) ? port : freePort();
		int controllerPort = freePort();
		Path data = directory.resolve("data");
		Files.createDirectories(data);
		Path config = directory.resolve("server.properties");
		Properties properties = brokerProperties(brokerPort, controllerPort, data, partitions);
		try (Writer writer = Files.newBufferedWriter(config)) {
			properties.store(writer, "Written by the local stack on every start");
		}
		if (!Files.exists(data.resolve(META_PROPERTIES))) {
			format(properties, data, log, ServiceJars.directory().resolve("kafka-format"));
		}
		KafkaBrokerProcess broker = new KafkaBrokerProcess(java("kafka.Kafka", log, config.toString()), brokerPort);
		try {
			broker.awaitListening(StackSettings.startTimeout(), log);
			broker.createTopics(partitions, topics);
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			broker.close();
			throw ex;
		}
		return broker;
	}

	/** A single node, broker and controller at once, with its log in {@code data}. */
	static Properties brokerProperties(int brokerPort, int controllerPort, Path data, int partitions) {
		Properties properties = new Properties();
		properties.putAll(Map.ofEntries(Map.entry("process.roles", "broker,controller"), Map.entry("node.id", "1"),
				Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
				Map.entry("listeners",
						"PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
				Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
				Map.entry("controller.listener.names", "CONTROLLER"),
				Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
				Map.entry("log.dirs", data.toAbsolutePath().toString()),
				Map.entry("num.partitions", String.valueOf(partitions)),
				Map.entry("offsets.topic.replication.factor", "1"),
				Map.entry("transaction.state.log.replication.factor", "1"),
				Map.entry("transaction.state.log.min.isr", "1"), Map.entry("group.initial.rebalance.delay.ms", "0"),
				// Projections rebuild from the whole topic: keep file events for ever.
				Map.entry("log.retention.hours", "-1"), Map.entry("auto.create.topics.enable", "true")));
		return properties;
	}

	/**
	 * Gives a new log directory what Kafka's format tool writes there (its
	 * {@code bootstrap.checkpoint}: the feature levels of this Kafka version; and
	 * {@code meta.properties}), copied from a directory the tool formatted once per Kafka
	 * version below {@code templates}, with a cluster id and directory id of its own. The
	 * tool is a JVM of its own (about 2 CPU s) on the path every service waits for.
	 */
	static void format(Properties broker, Path data, Path log, Path templates)
			throws IOException, InterruptedException {
		Path template = formatted(broker, templates.resolve(AppInfoParser.getVersion()), log);
		Files.createDirectories(data);
		Files.copy(template.resolve(BOOTSTRAP_CHECKPOINT), data.resolve(BOOTSTRAP_CHECKPOINT),
				StandardCopyOption.REPLACE_EXISTING);
		Properties meta = new Properties();
		try (Reader in = Files.newBufferedReader(template.resolve(META_PROPERTIES))) {
			meta.load(in);
		}
		meta.setProperty("cluster.id", Uuid.randomUuid().toString());
		meta.setProperty("directory.id", Uuid.randomUuid().toString());
		// Written last and whole: its presence is what "formatted" means.
		Path staged = Files.createTempFile(data, META_PROPERTIES, ".tmp");
		try (Writer out = Files.newBufferedWriter(staged)) {
			meta.store(out, "Copied by the local stack from " + template);
		}
		Files.move(staged, data.resolve(META_PROPERTIES), StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * The directory the format tool wrote for this Kafka version, formatted if need be.
	 */
	private static Path formatted(Properties broker, Path template, Path log) throws IOException, InterruptedException {
		if (Files.isRegularFile(template.resolve(META_PROPERTIES))
				&& Files.isRegularFile(template.resolve(BOOTSTRAP_CHECKPOINT))) {
			return template;
		}
		Files.createDirectories(template.getParent());
		Path staging = Files.createTempDirectory(template.getParent(), template.getFileName() + ".formatting-");
		Path config = staging.resolve("server.properties");
		Path logDirectory = staging.resolve("data");
		try {
			Properties properties = new Properties();
			properties.putAll(broker);
			properties.setProperty("log.dirs", logDirectory.toAbsolutePath().toString());
			try (Writer writer = Files.newBufferedWriter(config)) {
				properties.store(writer, "Only for formatting a template log directory");
			}
			Process format = java("kafka.tools.StorageTool", log, "format", "--cluster-id",
					Uuid.randomUuid().toString(), "--config", config.toString(), "--ignore-formatted");
			if (!format.waitFor(StackSettings.startTimeout().toSeconds(), TimeUnit.SECONDS)
					|| format.exitValue() != 0) {
				format.destroyForcibly();
				throw new StartupFailure("Kafka", "could not format its log directory (log: " + log + ")", tail(log));
			}
			try {
				// Several launchers may format at once: the first rename wins.
				Files.move(logDirectory, template, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				if (!Files.isRegularFile(template.resolve(META_PROPERTIES))) {
					throw ex;
				}
			}
			return template;
		}
		finally {
			Directories.deleteTree(staging);
		}
	}

	private static Process java(String mainClass, Path log, String... arguments) throws IOException {
		// C1 only: the format tool runs for a second, and the local broker carries a few
		// events per request; C2 compiling them would only delay every service that
		// waits for Kafka (about 40 % less CPU until it listens, see the launcher's
		// README).
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
		command.addAll(List.of(arguments));
		Files.createDirectories(log.getParent());
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	private void awaitListening(Duration timeout, Path log) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new StartupFailure("Kafka",
						"exited with code " + this.process.exitValue() + " (log: " + log + ")", tail(log));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		throw new StartupFailure("Kafka",
				"did not listen on " + this.port + " within " + timeout.toSeconds() + " s (log: " + log + ")",
				tail(log));
	}

	private void createTopics(int partitions, String... topics) throws InterruptedException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			for (String topic : topics) {
				try {
					admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
						.all()
						.get(StackSettings.startTimeout().toSeconds(), TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw new IllegalStateException("Could not create topic " + topic, ex.getCause());
					}
				}
				catch (java.util.concurrent.TimeoutException ex) {
					throw new IllegalStateException("Kafka did not create topic " + topic + " in time", ex);
				}
			}
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
			return String.join("\n",
					lines.subList(Math.max(0, lines.size() - ServiceProcess.LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
