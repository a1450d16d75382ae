package com.cloudstorage.files.localstack;

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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.S3Server;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on loopback: a real Kafka broker (KRaft), a real PostgreSQL server and
 * a real S3-protocol server, and the token issuer plus every service as JVMs of their
 * own, started from their packaged jars. {@link #start} returns only once every service
 * reports ready, and the gateway is started last, so a healthy gateway means a usable
 * system.
 */
public final class LocalStack implements AutoCloseable {

	private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<ServiceProcess> services = new ArrayList<>();

	private final StackSettings settings;

	private boolean closed;

	private @Nullable Wiring wiring;

	private volatile @Nullable ProcessHandle postgresServer;

	private @Nullable KafkaBrokerProcess kafka;

	private LocalStack(StackSettings settings) {
		this.settings = settings;
	}

	/** Starts everything and returns once every service is ready. */
	public static LocalStack start(StackSettings settings) throws Exception {
		LocalStack stack = new LocalStack(settings);
		try {
			stack.startAll();
			return stack;
		}
		catch (Exception ex) {
			stack.close();
			throw ex;
		}
	}

	private void startAll() throws Exception {
		Path data = this.settings.dataDirectory().toAbsolutePath();
		Files.createDirectories(data);
		Ports.requireFree(wantedPorts());
		CompletableFuture<Void> jarsPrepared = ClassDataSharing.prepareAll(
				List.of("local-issuer", "metadata-service", "storage-service", "share-link-service", "gateway-service"),
				ServiceProcess.java());
		LOG.info("Starting PostgreSQL, Kafka and the S3 server under {}", data);
		PostgresServer postgres = track(PostgresServer.start(this.settings.postgresPort(), data.resolve("postgres"),
				"metadata", "storage", "links"));
		this.postgresServer = postgresServer(data.resolve("postgres"));
		KafkaBrokerProcess kafka = track(KafkaBrokerProcess.start(this.settings.kafkaPort(), data.resolve("kafka"),
				data.resolve("logs/kafka.log"), 3, Topics.FILES, Topics.FILES_DEAD_LETTER, Topics.DOCUMENTS,
				Topics.DOCUMENTS_DEAD_LETTER, Topics.STORAGE));
		this.kafka = kafka;
		S3Server s3 = track(
				S3Server.start(this.settings.s3Port(), this.settings.persistentObjects() ? data.resolve("s3") : null,
						StackSettings.S3_ACCESS_KEY, StackSettings.S3_SECRET_KEY, StackSettings.BUCKET));
		Wiring wiring = new Wiring(postgres, kafka.bootstrapServers(), s3.endpoint(),
				Ports.orFree(this.settings.issuerPort()), Ports.orFree(this.settings.gatewayPort()),
				Ports.orFree(this.settings.metadataPort()), Ports.orFree(this.settings.storagePort()),
				Ports.orFree(this.settings.shareLinkPort()), this.settings.failedLinkWindow());
		this.wiring = wiring;

		// In parallel: the issuer and every service behind the gateway. The gateway comes
		// last, so "gateway healthy" means every request it forwards has somewhere to go.
		Path logs = data.resolve("logs");
		jarsPrepared.join();
		List<ServiceProcess> started = new ArrayList<>();
		for (ServiceLaunch launch : List.of(ServiceLaunch.issuer(wiring), ServiceLaunch.metadata(wiring),
				ServiceLaunch.storage(wiring), ServiceLaunch.shareLink(wiring))) {
			started.add(launch(launch, logs));
		}
		awaitReady(started);
		started.add(launch(ServiceLaunch.gateway(wiring), logs));
		awaitReady(started);
	}

	private Map<String, Ports.Wanted> wantedPorts() {
		Map<String, Ports.Wanted> wanted = new LinkedHashMap<>();
		wanted.put("gateway-service", new Ports.Wanted(this.settings.gatewayPort(), "GATEWAY_PORT"));
		wanted.put("local-issuer", new Ports.Wanted(this.settings.issuerPort(), "ISSUER_PORT"));
		wanted.put("metadata-service", new Ports.Wanted(this.settings.metadataPort(), "METADATA_PORT"));
		wanted.put("storage-service", new Ports.Wanted(this.settings.storagePort(), "STORAGE_PORT"));
		wanted.put("share-link-service", new Ports.Wanted(this.settings.shareLinkPort(), "SHARE_LINK_PORT"));
		wanted.put("Kafka", new Ports.Wanted(this.settings.kafkaPort(), "KAFKA_PORT"));
		wanted.put("PostgreSQL", new Ports.Wanted(this.settings.postgresPort(), "POSTGRES_PORT"));
		wanted.put("S3 server", new Ports.Wanted(this.settings.s3Port(), "S3_PORT"));
		return wanted;
	}

	private ServiceProcess launch(ServiceLaunch launch, Path logs) throws Exception {
		synchronized (this) {
			if (this.closed) {
				throw new IllegalStateException("The local stack is stopping");
			}
			ServiceProcess process = track(ServiceProcess.start(launch, logs, this.settings.fastStartJvm()));
			this.services.add(process);
			LOG.info("{} starting on port {} (log: {})", pad(launch.name()), launch.port(), process.log());
			return process;
		}
	}

	/**
	 * Polls every service's readiness probe until all are ready, printing each one as it
	 * becomes ready and, now and then, the ones still starting. Fails at once when any of
	 * them (ready or not) has exited.
	 */
	private static void awaitReady(List<ServiceProcess> services) throws InterruptedException {
		Duration timeout = StackSettings.startTimeout();
		long start = System.nanoTime();
		long nextProgress = start + PROGRESS_EVERY.toNanos();
		while (true) {
			List<ServiceProcess> starting = new ArrayList<>();
			for (ServiceProcess service : services) {
				boolean wasReady = service.isReady();
				if (!service.probeReady()) {
					starting.add(service);
				}
				else if (!wasReady) {
					LOG.info("{} ready after {} s", pad(service.name()), service.sinceStart().toSeconds());
				}
				service.checkAlive();
			}
			if (starting.isEmpty()) {
				return;
			}
			long now = System.nanoTime();
			if (now - start > timeout.toNanos()) {
				ServiceProcess late = starting.get(0);
				throw new StartupFailure(late.name(), "was not ready within " + timeout.toSeconds()
						+ " s (probe: http://127.0.0.1:" + late.port() + ServiceLaunch.READINESS_PATH + ")",
						late.tail());
			}
			if (now >= nextProgress) {
				nextProgress = now + PROGRESS_EVERY.toNanos();
				LOG.info("Still starting: {}",
						starting.stream()
							.map((s) -> s.name() + " (" + s.sinceStart().toSeconds() + " s)")
							.collect(Collectors.joining(", ")));
			}
			Thread.sleep(250);
		}
	}

	private static String pad(String name) {
		return String.format("%-20s", name);
	}

	/** Fails if any service has exited since it started. */
	void checkServicesAlive() {
		synchronized (this) {
			this.services.forEach(ServiceProcess::checkAlive);
		}
	}

	private <T extends AutoCloseable> T track(T resource) throws Exception {
		synchronized (this) {
			if (!this.closed) {
				this.resources.add(resource);
				return resource;
			}
		}
		// Stopped (Ctrl-C) while this was starting.
		resource.close();
		throw new IllegalStateException("The local stack is stopping");
	}

	private Wiring wiring() {
		if (this.wiring == null) {
			throw new IllegalStateException("Not started");
		}
		return this.wiring;
	}

	public URI gatewayUrl() {
		return URI.create(wiring().gatewayUrl());
	}

	public String issuerUrl() {
		return wiring().issuerUrl();
	}

	public String kafkaBootstrapServers() {
		return wiring().kafkaBootstrapServers();
	}

	public URI s3Endpoint() {
		return wiring().s3Endpoint();
	}

	public int postgresPort() {
		return wiring().postgres().port();
	}

	/** The log of one of our services, for diagnostics. */
	public String serviceLogTail(String name) {
		synchronized (this) {
			return this.services.stream()
				.filter((s) -> s.name().equals(name))
				.findFirst()
				.map(ServiceProcess::tail)
				.orElse("");
		}
	}

	/**
	 * Fault tests: kills one of our services at once (SIGKILL), as a crash or the
	 * kernel's OOM killer would, and returns when it is gone.
	 */
	void kill(String name) throws InterruptedException {
		ProcessHandle handle = service(name).handle();
		handle.destroyForcibly();
		try {
			handle.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(name + " did not die", ex);
		}
	}

	/** The port one of our services listens on. */
	int servicePort(String name) {
		return service(name).port();
	}

	/** The log file of one of our services. */
	Path serviceLog(String name) {
		return service(name).log();
	}

	/** Fault tests: starts a service that died again, and returns once it is ready. */
	void restart(String name) throws Exception {
		restart(name, Map.of());
	}

	/**
	 * Fault tests: starts a service that died again with some settings replaced
	 * ({@code name → value}, as {@code --name=value}; settings replaced before are kept
	 * unless named again), and returns once it is ready.
	 */
	void restart(String name, Map<String, String> settings) throws Exception {
		ServiceProcess restarted;
		synchronized (this) {
			ServiceProcess dead = service(name);
			if (dead.handle().isAlive()) {
				throw new IllegalStateException(name + " still runs");
			}
			restarted = track(dead.restart(this.settings.fastStartJvm(), settings));
			this.services.set(this.services.indexOf(dead), restarted);
			this.resources.remove(dead);
		}
		awaitReady(List.of(restarted));
	}

	/** Fault tests: the Kafka broker's JVM, to pause ({@code SIGSTOP}) and resume. */
	ProcessHandle kafkaBroker() {
		KafkaBrokerProcess broker = this.kafka;
		if (broker == null) {
			throw new IllegalStateException("Not started");
		}
		return broker.handle();
	}

	private ServiceProcess service(String name) {
		synchronized (this) {
			return this.services.stream()
				.filter((s) -> s.name().equals(name))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("No service " + name));
		}
	}

	/** A client-credentials token from the local issuer for a demo client. */
	public String token(String client, String secret) throws IOException, InterruptedException {
		return clientCredentialsToken(issuerUrl(), client, secret);
	}

	/** A client-credentials token from the issuer at {@code issuerUrl}. */
	public static String clientCredentialsToken(String issuerUrl, String client, String secret)
			throws IOException, InterruptedException {
		String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(issuerUrl + "/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
			.build();
		HttpResponse<String> response = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(request, HttpResponse.BodyHandlers.ofString());
		Matcher matcher = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
		if (response.statusCode() != 200 || !matcher.find()) {
			throw new IllegalStateException("No token for " + client + ": HTTP " + response.statusCode());
		}
		return matcher.group(1);
	}

	boolean isClosed() {
		synchronized (this) {
			return this.closed;
		}
	}

	@Override
	public void close() {
		List<AutoCloseable> toClose;
		synchronized (this) {
			this.closed = true;
			toClose = new ArrayList<>(this.resources);
			this.resources.clear();
			// Every service gets its stop signal at once; they stop in parallel.
			this.services.forEach((s) -> s.handle().destroy());
		}
		// Services first (they hold connections to the infrastructure), then the
		// infrastructure, newest first.
		for (int i = toClose.size() - 1; i >= 0; i--) {
			try {
				toClose.get(i).close();
			}
			catch (Exception ex) {
				LOG.warn("Could not stop {}: {}", toClose.get(i), ex.getMessage());
			}
		}
		awaitGone(leftovers());
	}

	/**
	 * Whatever this stack started that still runs (its services and broker with their
	 * children, never another stack's processes in the same JVM), plus the PostgreSQL
	 * server: it runs detached (pg_ctl), and its stop gives up after a few seconds on a
	 * busy machine.
	 */
	private List<ProcessHandle> leftovers() {
		List<ProcessHandle> started = new ArrayList<>();
		synchronized (this) {
			this.services.forEach((service) -> started.add(service.handle()));
		}
		KafkaBrokerProcess broker = this.kafka;
		if (broker != null) {
			started.add(broker.handle());
		}
		List<ProcessHandle> left = new ArrayList<>();
		for (ProcessHandle process : started) {
			left.add(process);
			left.addAll(process.descendants().toList());
		}
		ProcessHandle postgres = this.postgresServer;
		if (postgres != null) {
			left.add(postgres);
		}
		return left;
	}

	/** The PostgreSQL server process, read from its pid file while it surely runs. */
	private static @Nullable ProcessHandle postgresServer(Path dataDirectory) {
		try {
			String pid = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim();
			// Only if it is PostgreSQL: a stale file may name someone else's process.
			return ProcessHandle.of(Long.parseLong(pid))
				.filter((p) -> p.info().command().orElse("").contains("postgres"))
				.orElse(null);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** Nothing we started outlives the launcher: wait, then kill what is left. */
	private static void awaitGone(List<ProcessHandle> processes) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		for (ProcessHandle process : processes) {
			try {
				process.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				LOG.warn("{} did not stop; killing it", process.info().command().orElse("process " + process.pid()));
				process.destroyForcibly();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	public static void main(String[] args) throws Exception {
		StackSettings settings = StackSettings.defaults();
		LocalStack stack = new LocalStack(settings);
		// Ctrl-C while starting stops what has started so far, too.
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			if (!stack.isClosed()) {
				System.out.println("\nStopping the local stack...");
				stack.close();
			}
		}));
		try {
			stack.startAll();
			String alice = stack.token("alice", "alice-secret");
			String bob = stack.token("bob", "bob-secret");
			System.out.println(Banner.running(stack, settings.dataDirectory().toAbsolutePath(), alice, bob));
		}
		catch (Exception ex) {
			if (stack.isClosed()) {
				return; // Ctrl-C while starting; the shutdown hook stops everything.
			}
			failAndExit("The local stack did not start", ex, stack);
		}
		// Running: a service that dies later takes the stack down with a reason, rather
		// than leaving a half-working system behind.
		while (true) {
			Thread.sleep(1000);
			try {
				stack.checkServicesAlive();
			}
			catch (StartupFailure ex) {
				if (stack.isClosed()) {
					return;
				}
				failAndExit("The local stack stopped", ex, stack);
			}
		}
	}

	private static void failAndExit(String what, Exception failure, LocalStack stack) {
		StringBuilder report = new StringBuilder("\n" + what + ": " + failure.getMessage() + "\n");
		if (failure instanceof StartupFailure named && !named.logTail().isBlank()) {
			report.append("\nLast lines of the log of ").append(named.part()).append(":\n");
			named.logTail().lines().forEach((line) -> report.append("  | ").append(line).append('\n'));
		}
		System.err.print(report);
		stack.close();
		System.err.println("\nStopped everything that had started.");
		// Broker threads would keep a failed JVM alive.
		System.exit(1);
	}

}
