package com.cloudstorage.files.sharelink.link;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.FileDeleted;
import com.cloudstorage.files.contracts.events.v1.FileUploaded;
import com.cloudstorage.files.contracts.events.v1.LinkCreated;
import com.cloudstorage.files.contracts.events.v1.LinkReset;
import com.cloudstorage.files.contracts.events.v1.LinkRevoked;
import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.S3Server;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.localinfra.ThreadDumpWatchdog;
import com.cloudstorage.files.sharelink.ShareLinkServiceApplication;
import com.cloudstorage.files.sharelink.link.persistence.ResolutionCache;
import com.cloudstorage.files.testsupport.TestClients;
import com.cloudstorage.files.testsupport.TestTokens;
import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import software.amazon.awssdk.core.sync.RequestBody;

import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two share-link-service replicas as they run in production: one shared projection
 * database, one consumer group, so each consumes only some partitions of
 * {@code files.v1}. A link change is applied by whichever replica owns the file's
 * partition, the gateway's read-your-writes wait asks another one, and once that wait has
 * answered the change holds on both, with no further waiting.
 */
@ExtendWith(ThreadDumpWatchdog.class)
class ShareLinkReplicasIntegrationTests {

	static final String DATABASE = "links_replicas";

	static final SecureRandom RANDOM = new SecureRandom();

	static final AtomicInteger CLIENTS = new AtomicInteger();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(20);

	static Replica first;

	static Replica second;

	static KafkaProducer<String, String> producer;

	static S3Client s3;

	@BeforeAll
	static void start() throws Exception {
		createDatabase();
		producer = TestClients.producer(TestInfrastructure.kafka().bootstrapServers());
		S3Server server = TestInfrastructure.s3();
		s3 = TestClients.s3(server.endpoint(), server.accessKey(), server.secretKey());
		first = Replica.start();
		second = Replica.start();
		awaitPartitionsSplitBetweenTheReplicas();
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, producer, s3 }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// Best effort: the next replica, producer or client is still closed.
			}
		}
	}

	@Test
	void aResetIsDeadOnBothReplicasOnceTheWaitOnOneOfThemAnswered() throws Exception {
		// The second replica's consumer applies this file's events; the wait asks the
		// first.
		UUID fileId = fileConsumedBy(second);
		upload(fileId, "Quarterly report.pdf", "application/pdf", "report bytes");
		String oldToken = newToken();
		UUID oldLink = UUID.randomUUID();
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, oldLink, LinkTokens.hash(oldToken), "alice", null));
		awaitApplied(first, "active=" + oldLink);
		assertLive(oldToken);
		awaitServedFromMemoryOnBoth(oldToken);

		String newToken = newToken();
		UUID newLink = UUID.randomUUID();
		publish(fileId, EventTypes.LINK_RESET,
				new LinkReset(fileId, oldLink, newLink, LinkTokens.hash(newToken), "alice", null));
		awaitApplied(first, "active=" + newLink + "&revoked=" + oldLink);

		// No waiting from here on: the wait answered, so every replica must agree now.
		assertDead(oldToken);
		assertLive(newToken);
	}

	@Test
	void aRevokedLinkIsDeadOnBothReplicasOnceTheWaitOnOneOfThemAnswered() throws Exception {
		UUID fileId = fileConsumedBy(first);
		upload(fileId, "notes.txt", "text/plain", "notes");
		String token = newToken();
		UUID link = UUID.randomUUID();
		publish(fileId, EventTypes.LINK_CREATED, new LinkCreated(fileId, link, LinkTokens.hash(token), "alice", null));
		awaitApplied(second, "active=" + link);
		assertLive(token);
		awaitServedFromMemoryOnBoth(token);

		publish(fileId, EventTypes.LINK_REVOKED, new LinkRevoked(fileId, link, "alice"));
		awaitApplied(second, "revoked=" + link);

		assertDead(token);
	}

	@Test
	void aDeletedFilesLinkIsDeadOnBothReplicasOnceTheWaitOnOneOfThemAnswered() throws Exception {
		UUID fileId = fileConsumedBy(second);
		String key = upload(fileId, "photo.png", "image/png", "png bytes");
		String token = newToken();
		UUID link = UUID.randomUUID();
		publish(fileId, EventTypes.LINK_CREATED, new LinkCreated(fileId, link, LinkTokens.hash(token), "alice", null));
		awaitApplied(first, "active=" + link);
		assertLive(token);
		awaitServedFromMemoryOnBoth(token);

		publish(fileId, EventTypes.FILE_DELETED,
				new FileDeleted(fileId, "local", TestInfrastructure.BUCKET, key, "alice"));
		awaitApplied(first, "revoked=" + link);

		assertDead(token);
	}

	@Test
	void aReplicaThatStoppedValidatingHoldsARevocationBackForItsLeaseAndNoLonger() throws Exception {
		// A third replica that registered its cache and then went silent (paused, cut
		// off from the database): it might still answer from memory until its lease
		// runs out, so the wait must not answer before that.
		UUID silent = UUID.randomUUID();
		int leaseMs = 3000;
		try (Connection connection = DriverManager.getConnection(TestInfrastructure.postgres().jdbcUrl(DATABASE),
				PostgresServer.USER, PostgresServer.PASSWORD); Statement statement = connection.createStatement()) {
			UUID fileId = fileConsumedBy(first);
			upload(fileId, "held.txt", "text/plain", "held");
			String token = newToken();
			UUID link = UUID.randomUUID();
			publish(fileId, EventTypes.LINK_CREATED,
					new LinkCreated(fileId, link, LinkTokens.hash(token), "alice", null));
			awaitApplied(second, "active=" + link);
			awaitServedFromMemoryOnBoth(token);

			statement.execute("INSERT INTO resolution_cache_replica (replica_id, validated_as_of, lease_ms) VALUES ('"
					+ silent + "', now(), " + leaseMs + ")");
			long start = System.nanoTime();
			publish(fileId, EventTypes.LINK_REVOKED, new LinkRevoked(fileId, link, "alice"));
			awaitApplied(second, "revoked=" + link);
			long waitedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

			assertThat(waitedMs).as("the wait answered while the silent replica's lease ran")
				.isGreaterThanOrEqualTo(leaseMs);
			assertDead(token);
		}
		finally {
			try (Connection connection = DriverManager.getConnection(TestInfrastructure.postgres().jdbcUrl(DATABASE),
					PostgresServer.USER, PostgresServer.PASSWORD); Statement statement = connection.createStatement()) {
				statement.execute("DELETE FROM resolution_cache_replica WHERE replica_id = '" + silent + "'");
			}
		}
	}

	// --- helpers
	// -------------------------------------------------------------------------------------------------

	/** What the gateway does after a link change: wait on one replica. */
	static void awaitApplied(Replica replica, String query) {
		replica.web()
			.get()
			.uri("/internal/v1/links/await?timeoutMs=" + AWAIT_TIMEOUT.toMillis() + "&" + query)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.service("share-link-service"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.applied")
			.isEqualTo(true);
	}

	/**
	 * Both replicas answer the token from memory, so what follows shows that a change
	 * reaches their caches too, not only the database.
	 */
	static void awaitServedFromMemoryOnBoth(String token) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		for (Replica replica : List.of(first, second)) {
			ResolutionCache cache = replica.context().getBean(ResolutionCache.class);
			while (!cache.serves(LinkTokens.hash(token))) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("Replica " + replica.port() + " never answered the token from memory");
				}
				resolve(replica, token, "*/*");
				Thread.sleep(20);
			}
		}
	}

	static void assertLive(String token) {
		for (Replica replica : List.of(first, second)) {
			EntityExchangeResult<String> answer = resolve(replica, token, "*/*");
			assertThat(answer.getStatus().value()).as("%s on replica %d", "live link", replica.port()).isEqualTo(302);
			assertThat(answer.getResponseHeaders().getLocation()).isNotNull();
		}
	}

	static void assertDead(String token) throws Exception {
		for (Replica replica : List.of(first, second)) {
			EntityExchangeResult<String> page = resolve(replica, token, "text/html,application/xhtml+xml");
			assertThat(page.getStatus().value()).as("dead link page on replica %d", replica.port()).isEqualTo(404);
			assertThat(page.getResponseHeaders().getContentType()).hasToString("text/html;charset=UTF-8");
			assertThat(page.getResponseBody()).contains("This file is no longer available");
			EntityExchangeResult<String> api = resolve(replica, token, "*/*");
			assertThat(api.getStatus().value()).as("dead link problem on replica %d", replica.port()).isEqualTo(404);
			assertThat(JSON.readTree(api.getResponseBody()).get("code").asString()).isEqualTo("LinkUnavailable");
		}
	}

	static EntityExchangeResult<String> resolve(Replica replica, String token, String accept) {
		return replica.web()
			.get()
			.uri(URI.create(replica.url() + "/s/" + token))
			.header(HttpHeaders.ACCEPT, accept)
			// Each lookup from its own client address, so the failure limit stays out of
			// the way; loopback is a trusted proxy.
			.header("X-Forwarded-For", "192.0.2." + (CLIENTS.incrementAndGet() % 250))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	/** A file id whose events land on a partition the replica's consumer owns. */
	static UUID fileConsumedBy(Replica replica) {
		Set<Integer> owned = replica.partitions();
		int partitions = producer.partitionsFor(Topics.FILES).size();
		while (true) {
			UUID fileId = UUID.randomUUID();
			int partition = Utils.toPositive(Utils.murmur2(fileId.toString().getBytes(StandardCharsets.UTF_8)))
					% partitions;
			if (owned.contains(partition)) {
				return fileId;
			}
		}
	}

	static void awaitPartitionsSplitBetweenTheReplicas() throws InterruptedException {
		int partitions = producer.partitionsFor(Topics.FILES).size();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			Set<Integer> a = first.partitions();
			Set<Integer> b = second.partitions();
			if (!a.isEmpty() && !b.isEmpty() && a.size() + b.size() == partitions) {
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("The replicas never shared the partitions of " + Topics.FILES + ": "
				+ first.partitions() + " / " + second.partitions());
	}

	static String upload(UUID fileId, String name, String contentType, String content) throws Exception {
		String key = "files/" + fileId;
		s3.putObject((r) -> r.bucket(TestInfrastructure.BUCKET).key(key), RequestBody.fromString(content));
		publish(fileId, EventTypes.FILE_UPLOADED, new FileUploaded(fileId, name, content.length(), contentType,
				"0".repeat(64), true, null, "alice", "local", TestInfrastructure.BUCKET, key, List.of()));
		return key;
	}

	static void publish(UUID fileId, String type, Object event) throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.FILES, fileId.toString(),
				JSON.writeValueAsString(event));
		record.headers()
			.add(CloudEventHeaders.SPEC_VERSION, bytes("1.0"))
			.add(CloudEventHeaders.ID, bytes(UUID.randomUUID().toString()))
			.add(CloudEventHeaders.SOURCE, bytes("/metadata-service"))
			.add(CloudEventHeaders.TYPE, bytes(type))
			.add(CloudEventHeaders.SUBJECT, bytes(fileId.toString()))
			.add(CloudEventHeaders.CONTENT_TYPE, bytes("application/json"));
		producer.send(record).get();
	}

	static String newToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	static void createDatabase() throws Exception {
		PostgresServer postgres = TestInfrastructure.postgres();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), PostgresServer.USER,
				PostgresServer.PASSWORD); Statement statement = connection.createStatement()) {
			try (ResultSet exists = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
				if (exists.next()) {
					return;
				}
			}
			statement.execute("CREATE DATABASE " + DATABASE);
		}
	}

	/** One share-link-service process's worth: its own Spring context and port. */
	record Replica(ConfigurableApplicationContext context, int port, WebTestClient web) implements AutoCloseable {

		static Replica start() {
			PostgresServer postgres = TestInfrastructure.postgres();
			S3Server s3Server = TestInfrastructure.s3();
			List<String> args = new ArrayList<>(List.of("--server.port=0",
					// The same database and the same consumer group for every replica.
					"--spring.r2dbc.url=" + postgres.r2dbcUrl(DATABASE),
					"--spring.flyway.url=" + postgres.jdbcUrl(DATABASE),
					"--spring.application.name=share-link-replicas-test",
					"--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers(),
					"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
					"--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.publicKeyLocation(),
					"--files.sharelink.providers.local.endpoint=" + s3Server.endpoint(),
					"--files.sharelink.providers.local.access-key=" + s3Server.accessKey(),
					"--files.sharelink.providers.local.secret-key=" + s3Server.secretKey()));
			ConfigurableApplicationContext context = new SpringApplicationBuilder(ShareLinkServiceApplication.class)
				.run(args.toArray(String[]::new));
			int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
			WebTestClient web = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + port)
				.responseTimeout(AWAIT_TIMEOUT.plusSeconds(10))
				.build();
			return new Replica(context, port, web);
		}

		String url() {
			return "http://127.0.0.1:" + this.port;
		}

		/** The partitions of {@code files.v1} this replica's consumer owns right now. */
		Set<Integer> partitions() {
			return this.context.getBean(KafkaListenerEndpointRegistry.class)
				.getListenerContainers()
				.stream()
				.map(MessageListenerContainer::getAssignedPartitions)
				.filter((assigned) -> assigned != null)
				.flatMap((assigned) -> assigned.stream())
				.filter((partition) -> partition.topic().equals(Topics.FILES))
				.map(TopicPartition::partition)
				.collect(Collectors.toSet());
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

}
