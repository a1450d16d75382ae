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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * own, started from their packaged jars. Everything starts as early as it can: the
 * infrastructure side by side, each JVM as soon as what it needs is up. {@link #start}
 * returns only once every service reports ready, and the gateway reports ready only after
 * the services behind it have, so a healthy gateway means a usable system.
 */
public final class LocalStack implements AutoCloseable {

	private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

	private static final String POSTGRES = "PostgreSQL";

	private static final String KAFKA = "Kafka";

	private static final String S3 = "S3 server";

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<ServiceProcess> services = new ArrayList<>();

	private final StackSettings settings;

	private boolean closed;

	private @Nullable Wiring wiring;

	private volatile @Nullable ProcessHandle postgresServer;

	private volatile @Nullable KafkaBrokerProcess kafka;

	private LocalStack(StackSettings settings) {
		this.settings = settings;
	}

	/** Starts everything and returns once every service is ready. */
	public static LocalStack start(StackSettings settings) throws Exception {
		return start(new LocalStack(settings));
	}

	/**
	 * As {@link #start(StackSettings)}, and a JVM that exits on a signal (Ctrl-C, TERM)
	 * first stops what has started, even while starting: PostgreSQL runs detached and the
	 * service JVMs are separate processes, so neither ends with this JVM.
	 */
	public static LocalStack startStoppingOnExit(StackSettings settings) throws Exception {
		LocalStack stack = new LocalStack(settings);
		Runtime.getRuntime().addShutdownHook(stopOnExit(stack));
		return start(stack);
	}

	private static LocalStack start(LocalStack stack) throws Exception {
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
		// Every port is chosen first, so a service's settings are known before what it
		// needs is up.
		Wiring wiring = new Wiring(Ports.orFree(this.settings.postgresPort()), Ports.orFree(this.settings.kafkaPort()),
				Ports.orFree(this.settings.s3Port()), Ports.orFree(this.settings.issuerPort()),
				Ports.orFree(this.settings.gatewayPort()), Ports.orFree(this.settings.metadataPort()),
				Ports.orFree(this.settings.storagePort()), Ports.orFree(this.settings.shareLinkPort()),
				this.settings.failedLinkWindow());
		this.wiring = wiring;
		ExecutorService background = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "local-stack-start");
			thread.setDaemon(true);
			return thread;
		});
		Map<String, CompletableFuture<Void>> infrastructure = new LinkedHashMap<>();
		try {
			Map<String, CompletableFuture<Void>> jars = ClassDataSharing.prepareAll(List.of("local-issuer",
					"metadata-service", "storage-service", "share-link-service", "gateway-service"),
					ServiceProcess.java(), background);
			LOG.info("Starting PostgreSQL, Kafka and the S3 server under {}", data);
			infrastructure.put(POSTGRES, inBackground(background, () -> {
				track(PostgresServer.start(wiring.postgresPort(), data.resolve("postgres"), "metadata", "storage",
						"links"));
				this.postgresServer = postgresServer(data.resolve("postgres"));
			}));
			infrastructure.put(KAFKA,
					inBackground(background,
							() -> this.kafka = track(KafkaBrokerProcess.start(wiring.kafkaPort(), data.resolve("kafka"),
									data.resolve("logs/kafka.log"), 3, Topics.FILES, Topics.FILES_DEAD_LETTER,
									Topics.DOCUMENTS, Topics.DOCUMENTS_DEAD_LETTER, Topics.STORAGE))));
			infrastructure.put(S3,
					inBackground(background,
							() -> track(S3Server.start(wiring.s3Port(),
									this.settings.persistentObjects() ? data.resolve("s3") : null,
									StackSettings.S3_ACCESS_KEY, StackSettings.S3_SECRET_KEY, StackSettings.BUCKET))));
			// Each JVM is launched as soon as what it needs to start is up: the issuer
			// needs nothing; the services need their database, Kafka and the bucket. The
			// gateway is launched with them (earlier, it would take CPU from Kafka's
			// start,
			// which they wait for) once the issuer is ready too (its own token); it waits
			// for the services by itself and reports ready only after them
			// (await-services-ready).
			List<Launch> launches = List.of(new Launch(ServiceLaunch.issuer(wiring), List.of()),
					new Launch(ServiceLaunch.metadata(wiring), List.of(POSTGRES, KAFKA)),
					new Launch(ServiceLaunch.storage(wiring), List.of(POSTGRES, KAFKA, S3)),
					new Launch(ServiceLaunch.shareLink(wiring), List.of(POSTGRES, KAFKA, S3)),
					new Launch(ServiceLaunch.gateway(wiring), List.of(POSTGRES, KAFKA, S3, "local-issuer")));
			startInOrder(launches, infrastructure, jars, data.resolve("logs"));
		}
		catch (Exception ex) {
			// Whatever is still starting gets tracked (and so stopped) before this fails.
			awaitQuietly(infrastructure.values());
			throw ex;
		}
		finally {
			background.shutdown();
		}
	}

	private static CompletableFuture<Void> inBackground(ExecutorService executor, Step step) {
		return CompletableFuture.runAsync(() -> {
			try {
				step.run();
			}
			catch (RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new CompletionException(ex);
			}
		}, executor);
	}

	/**
	 * Launches each service once its jar is prepared and what it needs is up (a part of
	 * the infrastructure, or another service ready), and returns once every service is
	 * ready. Prints each part and service as it becomes ready and, now and then, what is
	 * still starting. Fails at once when a part of the infrastructure fails or any
	 * service (ready or not) has exited.
	 */
	private void startInOrder(List<Launch> launches, Map<String, CompletableFuture<Void>> infrastructure,
			Map<String, CompletableFuture<Void>> jars, Path logs) throws Exception {
		Duration timeout = StackSettings.startTimeout();
		long start = System.nanoTime();
		long nextProgress = start + PROGRESS_EVERY.toNanos();
		List<Launch> waiting = new ArrayList<>(launches);
		List<ServiceProcess> started = new ArrayList<>();
		Map<String, CompletableFuture<Void>> upAnnounced = new LinkedHashMap<>(infrastructure);
		while (true) {
			for (Map.Entry<String, CompletableFuture<Void>> part : infrastructure.entrySet()) {
				if (part.getValue().isCompletedExceptionally()) {
					throw failure(part.getKey(), part.getValue());
				}
				if (part.getValue().isDone() && upAnnounced.remove(part.getKey()) != null) {
					LOG.info("{} up after {} s", pad(part.getKey()), seconds(System.nanoTime() - start));
				}
			}
			for (Launch next : List.copyOf(waiting)) {
				if (jars.get(next.launch().name()).isDone()
						&& next.needs().stream().allMatch((part) -> isUp(part, infrastructure, started))) {
					started.add(launch(next.launch(), logs));
					waiting.remove(next);
				}
			}
			// Probed in the order of the launches (the gateway last): a gateway that is
			// ready is never announced before the services it waited for.
			started.sort(Comparator.comparingInt((s) -> indexOf(launches, s.name())));
			for (ServiceProcess service : started) {
				boolean wasReady = service.isReady();
				if (service.probeReady() && !wasReady) {
					LOG.info("{} ready after {} s", pad(service.name()), service.sinceStart().toSeconds());
				}
				service.checkAlive();
			}
			if (waiting.isEmpty() && started.stream().allMatch(ServiceProcess::isReady)) {
				return;
			}
			long now = System.nanoTime();
			if (now - start > timeout.toNanos()) {
				ServiceProcess late = started.stream().filter((s) -> !s.isReady()).findFirst().orElse(null);
				if (late == null) {
					throw new StartupFailure(waiting.get(0).launch().name(), "could not be started within "
							+ timeout.toSeconds() + " s: " + String.join(", ", waiting.get(0).needs()) + " not up", "");
				}
				throw new StartupFailure(late.name(), "was not ready within " + timeout.toSeconds()
						+ " s (probe: http://127.0.0.1:" + late.port() + ServiceLaunch.READINESS_PATH + ")",
						late.tail());
			}
			if (now >= nextProgress) {
				nextProgress = now + PROGRESS_EVERY.toNanos();
				List<String> still = new ArrayList<>(upAnnounced.keySet());
				started.stream()
					.filter((s) -> !s.isReady())
					.forEach((s) -> still.add(s.name() + " (" + s.sinceStart().toSeconds() + " s)"));
				waiting.forEach((w) -> still.add(w.launch().name() + " (not launched yet)"));
				LOG.info("Still starting: {}", String.join(", ", still));
			}
			Thread.sleep(200);
		}
	}

	private static int indexOf(List<Launch> launches, String service) {
		for (int i = 0; i < launches.size(); i++) {
			if (launches.get(i).launch().name().equals(service)) {
				return i;
			}
		}
		return launches.size();
	}

	private static boolean isUp(String part, Map<String, CompletableFuture<Void>> infrastructure,
			List<ServiceProcess> started) {
		CompletableFuture<Void> infra = infrastructure.get(part);
		if (infra != null) {
			return infra.isDone() && !infra.isCompletedExceptionally();
		}
		return started.stream().anyMatch((s) -> s.name().equals(part) && s.isReady());
	}

	/** Why a part of the infrastructure did not start, as the launcher reports it. */
	private static StartupFailure failure(String part, CompletableFuture<Void> failed) {
		Throwable cause = failed.handle((done, ex) -> ex).join();
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof StartupFailure named) {
			return named;
		}
		return new StartupFailure(part, "did not start: " + cause, "");
	}

	private static void awaitQuietly(Iterable<CompletableFuture<Void>> futures) {
		for (CompletableFuture<Void> future : futures) {
			try {
				future.get(StackSettings.startTimeout().toSeconds(), TimeUnit.SECONDS);
			}
			catch (ExecutionException | TimeoutException | CancellationException ex) {
				// Reported already, or not ours to report.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
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
		return wiring().postgresPort();
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
		Runtime.getRuntime().addShutdownHook(stopOnExit(stack));
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

	private static Thread stopOnExit(LocalStack stack) {
		return new Thread(() -> {
			if (!stack.isClosed()) {
				System.out.println("\nStopping the local stack...");
				stack.close();
			}
		}, "local-stack-stop");
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

	/** A service and what must be up before its JVM is launched. */
	private record Launch(ServiceLaunch launch, List<String> needs) {
	}

	private interface Step {

		void run() throws Exception;

	}

}
