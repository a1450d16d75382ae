package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.S3Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on loopback: a real Kafka broker (KRaft), a real PostgreSQL server and
 * a real S3-protocol server in this JVM, and the token issuer plus every service as JVMs
 * of their own, started from their packaged jars.
 */
public final class LocalStack implements AutoCloseable {

	private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final StackSettings settings;

	private PostgresServer postgres;

	private KafkaBrokerProcess kafka;

	private S3Server s3;

	private String issuerUrl;

	private int gatewayPort;

	private final List<ServiceProcess> services = new ArrayList<>();

	private LocalStack(StackSettings settings) {
		this.settings = settings;
	}

	/** Starts everything and returns once the gateway answers its health check. */
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
		Path root = projectRoot();
		LOG.info("Starting PostgreSQL, Kafka and the S3 server under {}", data);
		this.postgres = track(PostgresServer.start(this.settings.postgresPort(), data.resolve("postgres"), "metadata",
				"storage", "links"));
		this.kafka = track(KafkaBrokerProcess.start(this.settings.kafkaPort(), data.resolve("kafka"),
				data.resolve("logs/kafka.log"), 3, Topics.FILES, Topics.FILES_DEAD_LETTER, Topics.DOCUMENTS));
		this.s3 = track(
				S3Server.start(this.settings.s3Port(), this.settings.persistentObjects() ? data.resolve("s3") : null,
						StackSettings.S3_ACCESS_KEY, StackSettings.S3_SECRET_KEY, StackSettings.BUCKET));

		Path logs = data.resolve("logs");
		int issuerPort = portOrFree(this.settings.issuerPort());
		this.gatewayPort = portOrFree(this.settings.gatewayPort());
		String gatewayUrl = "http://localhost:" + this.gatewayPort;
		this.issuerUrl = "http://localhost:" + issuerPort;
		ServiceProcess issuer = launch("local-issuer", root.resolve("deploy/local-issuer"), issuerPort, logs,
				List.of("--files.issuer.url=" + this.issuerUrl,
						"--files.issuer.web-ui-redirect-uri=" + gatewayUrl + "/login/callback",
						"--files.issuer.allowed-origins=" + gatewayUrl));
		issuer.awaitHealthy(START_TIMEOUT);

		int metadataPort = portOrFree(this.settings.metadataPort());
		int storagePort = portOrFree(this.settings.storagePort());
		int shareLinkPort = portOrFree(this.settings.shareLinkPort());
		List<ServiceProcess> starting = List.of(
				launch("metadata-service", root.resolve("metadata-service"), metadataPort, logs,
						withCommon(concat(databaseArguments("metadata"),
								List.of("--files.metadata.links.public-base-url=" + gatewayUrl)))),
				launch("storage-service", root.resolve("storage-service"), storagePort, logs,
						withCommon(concat(databaseArguments("storage"), storageArguments()))),
				launch("share-link-service", root.resolve("share-link-service"), shareLinkPort, logs,
						withCommon(concat(databaseArguments("links"), shareLinkArguments()))),
				launch("gateway-service", root.resolve("gateway-service"), this.gatewayPort, logs,
						withCommon(List.of("--files.gateway.metadata-url=http://127.0.0.1:" + metadataPort,
								"--files.gateway.storage-url=http://127.0.0.1:" + storagePort,
								"--files.gateway.share-link-url=http://127.0.0.1:" + shareLinkPort,
								"--files.gateway.ui.issuer-url=" + this.issuerUrl))));
		for (ServiceProcess service : starting) {
			service.awaitHealthy(START_TIMEOUT);
		}
	}

	private List<String> databaseArguments(String database) {
		return List.of("--spring.r2dbc.url=" + this.postgres.r2dbcUrl(database),
				"--spring.r2dbc.username=" + PostgresServer.USER, "--spring.r2dbc.password=" + PostgresServer.PASSWORD,
				"--spring.flyway.url=" + this.postgres.jdbcUrl(database), "--spring.flyway.user=" + PostgresServer.USER,
				"--spring.flyway.password=" + PostgresServer.PASSWORD);
	}

	private List<String> storageArguments() {
		String profile = "--files.storage.providers.local.";
		return List.of(profile + "endpoint=" + this.s3.endpoint(), profile + "region=us-east-1",
				profile + "bucket=" + StackSettings.BUCKET, profile + "path-style=true",
				profile + "access-key=" + StackSettings.S3_ACCESS_KEY,
				profile + "secret-key=" + StackSettings.S3_SECRET_KEY, profile + "checksum-mode=when-required");
	}

	private List<String> shareLinkArguments() {
		// S3Proxy knows one identity; against a real provider this is a read-only key.
		String profile = "--files.sharelink.providers.local.";
		return List.of(profile + "endpoint=" + this.s3.endpoint(), profile + "region=us-east-1",
				profile + "path-style=true", profile + "access-key=" + StackSettings.S3_ACCESS_KEY,
				profile + "secret-key=" + StackSettings.S3_SECRET_KEY,
				"--files.sharelink.failed-resolution-window=" + this.settings.failedLinkWindow());
	}

	private List<String> withCommon(List<String> arguments) {
		return concat(arguments, List.of("--spring.kafka.bootstrap-servers=" + this.kafka.bootstrapServers(),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + this.issuerUrl));
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private ServiceProcess launch(String name, Path module, int port, Path logs, List<String> arguments)
			throws IOException {
		Path jar = module.resolve("target/" + name + "-0.1.0-SNAPSHOT.jar");
		ServiceProcess process = ServiceProcess.start(name, jar, port, logs, this.settings.fastStartJvm(), arguments);
		this.services.add(process);
		track(process);
		LOG.info("Started {} on port {} (log: {})", name, port, process.log());
		return process;
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

	private static int portOrFree(int port) throws IOException {
		if (port > 0) {
			return port;
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** The project root: the nearest folder upwards holding the aggregator pom. */
	static Path projectRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			Path pom = dir.resolve("pom.xml");
			try {
				if (Files.isRegularFile(pom)
						&& Files.readString(pom).contains("<artifactId>cloud-storage</artifactId>\n  <version>")) {
					return dir;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("Run from inside the project (no aggregator pom.xml found upwards)");
	}

	public URI gatewayUrl() {
		return URI.create("http://localhost:" + this.gatewayPort);
	}

	public String issuerUrl() {
		return this.issuerUrl;
	}

	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	public URI s3Endpoint() {
		return this.s3.endpoint();
	}

	public int postgresPort() {
		return this.postgres.port();
	}

	/** The log of one of our services, for diagnostics. */
	public String serviceLogTail(String name) {
		return this.services.stream()
			.filter((s) -> s.name().equals(name))
			.findFirst()
			.map(ServiceProcess::tail)
			.orElse("");
	}

	/** A client-credentials token from the local issuer for a demo client. */
	public String token(String client, String secret) throws IOException, InterruptedException {
		String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.issuerUrl + "/oauth2/token"))
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

	@Override
	public void close() {
		// Services first (they hold connections to the infrastructure), then the
		// infrastructure, newest first.
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			try {
				this.resources.get(i).close();
			}
			catch (Exception ex) {
				LOG.warn("Could not stop {}: {}", this.resources.get(i), ex.getMessage());
			}
		}
		this.resources.clear();
	}

	public static void main(String[] args) throws Exception {
		StackSettings settings = StackSettings.defaults();
		LocalStack stack;
		try {
			stack = start(settings);
		}
		catch (Exception ex) {
			// Broker threads would keep a failed JVM alive; everything started was
			// stopped already.
			System.err.println("\nThe local stack did not start: " + ex.getMessage());
			System.exit(1);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("\nStopping the local stack...");
			stack.close();
			stopped.countDown();
		}));
		String alice = stack.token("alice", "alice-secret");
		String bob = stack.token("bob", "bob-secret");
		Path data = settings.dataDirectory().toAbsolutePath();
		System.out.println("""

				Cloud Storage is running (Ctrl-C stops everything; data stays in %s)

				  Gateway (API)     %s            health: %s/actuator/health
				  Token issuer      %s
				  Kafka             %s            topics: files.v1, files.v1.dlt, documents.v1
				  PostgreSQL        127.0.0.1:%d        user postgres / postgres, databases metadata, storage, links
				  S3 server         %s        access key %s, secret %s, bucket %s
				  Service logs      %s

				  Demo clients      alice / alice-secret (all scopes), bob / bob-secret (files:read files:write)
				  Get a token       curl -s -u alice:alice-secret -d grant_type=client_credentials %s/oauth2/token

				  export ALICE_TOKEN=%s

				  export BOB_TOKEN=%s
				""".formatted(data, stack.gatewayUrl(), stack.gatewayUrl(), stack.issuerUrl(),
				stack.kafkaBootstrapServers(), stack.postgresPort(), stack.s3Endpoint(), StackSettings.S3_ACCESS_KEY,
				StackSettings.S3_SECRET_KEY, StackSettings.BUCKET, data.resolve("logs"), stack.issuerUrl(), alice,
				bob));
		stopped.await();
	}

}
