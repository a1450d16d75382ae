package com.cloudstorage.files.sharelink.link;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.FileAssembled;
import com.cloudstorage.files.contracts.events.v1.FileDeleted;
import com.cloudstorage.files.contracts.events.v1.FileUploaded;
import com.cloudstorage.files.contracts.events.v1.LinkCreated;
import com.cloudstorage.files.contracts.events.v1.LinkReset;
import com.cloudstorage.files.contracts.events.v1.LinkRevoked;
import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.S3Server;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.localinfra.ThreadDumpWatchdog;
import com.cloudstorage.files.testsupport.ReadmeRoutes;
import com.cloudstorage.files.testsupport.TestClients;
import com.cloudstorage.files.testsupport.TestTokens;
import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import software.amazon.awssdk.core.sync.RequestBody;

import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links resolve from the projection built from real Kafka events, presigned against a
 * real S3 server; reset, revoked and deleted links die and stay dead whatever order or
 * how often their events arrive.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(ThreadDumpWatchdog.class)
class ShareLinkResolutionIntegrationTests {

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	static final SecureRandom RANDOM = new SecureRandom();

	static final AtomicInteger CLIENTS = new AtomicInteger();

	static KafkaProducer<String, String> producer;

	static S3Client s3;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PostgresServer postgres = TestInfrastructure.postgres();
		S3Server s3Server = TestInfrastructure.s3();
		registry.add("spring.r2dbc.url", () -> postgres.r2dbcUrl("links"));
		registry.add("spring.flyway.url", () -> postgres.jdbcUrl("links"));
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("files.sharelink.providers.local.endpoint", () -> s3Server.endpoint().toString());
		registry.add("files.sharelink.providers.local.access-key", s3Server::accessKey);
		registry.add("files.sharelink.providers.local.secret-key", s3Server::secretKey);
		// The internal await takes the gateway's token; no issuer runs, the public key
		// alone validates it.
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
	}

	@BeforeAll
	static void clients() {
		producer = TestClients.producer(TestInfrastructure.kafka().bootstrapServers());
		S3Server server = TestInfrastructure.s3();
		s3 = TestClients.s3(server.endpoint(), server.accessKey(), server.secretKey());
	}

	@AfterAll
	static void close() {
		producer.close();
		s3.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	WebTestClient web;

	@org.junit.jupiter.api.BeforeEach
	void client() {
		this.web = WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(10)).build();
	}

	/**
	 * Every route the running service maps appears in its README: some table row names
	 * the path (path variables' names aside) and the method.
	 */
	@Test
	void theReadmeNamesEveryMappedRoute(@Autowired ApplicationContext context) throws Exception {
		assertThat(ReadmeRoutes.missingFrom(Path.of("README.md"), ReadmeRoutes.mapped(context)))
			.as("routes the service maps but its README does not name")
			.isEmpty();
	}

	@Test
	void aLinkOpensTheFileAndAResetKillsTheOldTokenAtOnce() throws Exception {
		UUID fileId = uploadedFile("Quarterly report (Q3).pdf", "application/pdf", "report bytes");
		String token = newToken();
		UUID linkId = UUID.randomUUID();
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, linkId, LinkTokens.hash(token), "alice", null));

		Answer redirect = awaitStatus(token, 302);
		assertThat(redirect.header("Cache-Control")).hasValue("no-store");
		assertThat(redirect.header("Referrer-Policy")).hasValue("no-referrer");
		HttpResponse<String> object = HTTP.send(
				HttpRequest.newBuilder(URI.create(redirect.header("Location").orElseThrow())).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(object.statusCode()).isEqualTo(200);
		assertThat(object.body()).isEqualTo("report bytes");
		assertThat(object.headers().firstValue("Content-Disposition").orElseThrow()).isEqualTo(
				"attachment; filename=\"Quarterly report (Q3).pdf\"; filename*=UTF-8''Quarterly%20report%20%28Q3%29.pdf");

		String newToken = newToken();
		UUID newLinkId = UUID.randomUUID();
		publish(fileId, EventTypes.LINK_RESET,
				new LinkReset(fileId, linkId, newLinkId, LinkTokens.hash(newToken), "alice", null));
		awaitStatus(newToken, 302);

		Answer browser = get(token, "text/html,application/xhtml+xml");
		assertThat(browser.statusCode()).isEqualTo(404);
		assertThat(browser.header("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(browser.body()).contains("This file is no longer available")
			.contains("the link was reset or the file was deleted".substring(4));
		assertThat(browser.header("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
		assertThat(browser.header("X-Robots-Tag").orElseThrow()).contains("noindex");

		Answer api = get(token, "*/*");
		assertThat(api.statusCode()).isEqualTo(404);
		assertThat(api.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(this.json.readTree(api.body()).get("code").asString()).isEqualTo("LinkUnavailable");

		// A never-issued token gets exactly the same answer: nothing tells them apart.
		Answer unknown = get(newToken(), "*/*");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).isEqualTo(api.body());
	}

	/**
	 * A direct upload session completed without an announced SHA-256: the file is
	 * AVAILABLE with {@code FileAssembled}, and {@code FileUploaded} follows only once
	 * storage-service has read the bytes back. A link created in between opens the file
	 * at once, and still does after {@code FileUploaded}.
	 */
	@Test
	void aLinkMadeBeforeTheFilesChecksumIsKnownOpensItAtOnceAndAfterFileUploaded() throws Exception {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		String content = "joined parts";
		s3.putObject((r) -> r.bucket(TestInfrastructure.BUCKET).key(key), RequestBody.fromString(content));
		publish(fileId, EventTypes.FILE_ASSEMBLED, new FileAssembled(fileId, content.length(), "local",
				TestInfrastructure.BUCKET, key, "scan 7.pdf", "application/pdf"));
		String token = newToken();
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, UUID.randomUUID(), LinkTokens.hash(token), "alice", null));

		assertOpens(awaitStatus(token, 302), content, "scan 7.pdf");

		publish(fileId, EventTypes.FILE_UPLOADED,
				new FileUploaded(fileId, "scan 7.pdf", content.length(), "application/pdf", "0".repeat(64), false, null,
						"alice", "local", TestInfrastructure.BUCKET, key, List.of()));
		// A marker link published after FileUploaded: once it opens, FileUploaded was
		// applied.
		String marker = newToken();
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, UUID.randomUUID(), LinkTokens.hash(marker), "alice", null));
		awaitStatus(marker, 302);
		assertOpens(get(token, "*/*"), content, "scan 7.pdf");
	}

	private static void assertOpens(Answer redirect, String content, String name) throws Exception {
		assertThat(redirect.statusCode()).isEqualTo(302);
		HttpResponse<String> object = HTTP.send(
				HttpRequest.newBuilder(URI.create(redirect.header("Location").orElseThrow())).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(object.statusCode()).isEqualTo(200);
		assertThat(object.body()).isEqualTo(content);
		assertThat(object.headers().firstValue("Content-Disposition").orElseThrow())
			.startsWith("attachment; filename=\"" + name + "\"");
	}

	@Test
	void lateOrRepeatedEventsNeverBringADeadLinkBack() throws Exception {
		UUID fileId = uploadedFile("a.txt", "text/plain", "a");
		String token = newToken();
		UUID linkId = UUID.randomUUID();
		// The revocation overtakes the creation (e.g. replay after a restart).
		publish(fileId, EventTypes.LINK_REVOKED, new LinkRevoked(fileId, linkId, "alice"));
		String createdId = UUID.randomUUID().toString();
		publish(fileId, EventTypes.LINK_CREATED, createdId,
				new LinkCreated(fileId, linkId, LinkTokens.hash(token), "alice", null));
		// A marker link on the same file, published last: once it works, everything
		// before it was applied.
		String marker = newToken();
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, UUID.randomUUID(), LinkTokens.hash(marker), "alice", null));
		awaitStatus(marker, 302);
		assertThat(get(token, "*/*").statusCode()).isEqualTo(404);

		// Redelivering the same event id changes nothing either.
		publish(fileId, EventTypes.LINK_CREATED, createdId,
				new LinkCreated(fileId, linkId, LinkTokens.hash(token), "alice", null));
		String marker2 = newToken();
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, UUID.randomUUID(), LinkTokens.hash(marker2), "alice", null));
		awaitStatus(marker2, 302);
		assertThat(get(token, "*/*").statusCode()).isEqualTo(404);
	}

	/**
	 * A file's events are applied in the order they were published, even when both come
	 * in one poll and the first is slow: the link created right after an upload counts as
	 * applied only once the upload is, so a link the gateway's wait reported applied
	 * opens at once.
	 */
	@Test
	void aFilesEventsApplyInOrderSoALinkReportedAppliedOpensAtOnce() throws Exception {
		UUID fileId = UUID.randomUUID();
		String token = newToken();
		UUID linkId = UUID.randomUUID();
		// The consumer runs and has read everything before (so what follows stops a
		// running consumer, not one still joining).
		UUID earlier = uploadedFile("earlier.txt", "text/plain", "earlier");
		String marker = newToken();
		publish(earlier, EventTypes.LINK_CREATED,
				new LinkCreated(earlier, UUID.randomUUID(), LinkTokens.hash(marker), "alice", null));
		awaitStatus(marker, 302);
		// Both events wait in Kafka, so the consumer gets them in one poll.
		this.registry.getListenerContainers().forEach((container) -> container.stop());
		uploadedFile(fileId, "ordered.txt", "text/plain", "ordered");
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, linkId, LinkTokens.hash(token), "alice", null));
		try (Connection lock = DriverManager.getConnection(TestInfrastructure.postgres().jdbcUrl("links"),
				PostgresServer.USER, PostgresServer.PASSWORD)) {
			lock.setAutoCommit(false);
			try (Statement statement = lock.createStatement()) {
				// The upload's row cannot be written while this is held; reads go on.
				statement.execute("LOCK TABLE file_object IN SHARE MODE");
				this.registry.getListenerContainers().forEach((container) -> container.start());
				awaitWriterWaitingFor(statement);
			}
			// The upload is stuck; the link created after it must not count as applied.
			EntityExchangeResult<String> waiting = awaitApplied("active=" + linkId, Duration.ofSeconds(1));
			assertThat(waiting.getStatus().value()).as("the link counted as applied before the upload was")
				.isEqualTo(503);
			assertThat(this.json.readTree(waiting.getResponseBody()).get("code").asString()).isEqualTo("ProjectionLag");
			lock.commit();
		}
		assertThat(awaitApplied("active=" + linkId, Duration.ofSeconds(20)).getStatus().value()).isEqualTo(200);
		assertThat(get(token, "*/*", "192.0.2.253").statusCode()).isEqualTo(302);
	}

	/** Waits until the consumer's write to the locked table is blocked on the lock. */
	static void awaitWriterWaitingFor(Statement lockHolder) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		List<String> seen = new java.util.ArrayList<>();
		while (System.nanoTime() < deadline) {
			seen.clear();
			// Inside a transaction the activity view keeps its first snapshot unless
			// told.
			lockHolder.execute("SELECT pg_stat_clear_snapshot()");
			try (ResultSet activity = lockHolder
				.executeQuery("SELECT coalesce(wait_event_type, '-') || ' ' || coalesce(state, '-') || ' ' || query "
						+ "FROM pg_stat_activity WHERE datname = 'links' AND pid <> pg_backend_pid()")) {
				while (activity.next()) {
					seen.add(activity.getString(1).replaceAll("\\s+", " "));
				}
			}
			if (seen.stream().anyMatch((row) -> row.startsWith("Lock ") && row.contains("INSERT INTO file_object"))) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("The consumer never tried to apply the upload; sessions: " + seen);
	}

	@Test
	void deletingTheFileKillsItsLinks() throws Exception {
		UUID fileId = uploadedFile("b.txt", "text/plain", "b");
		String token = newToken();
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, UUID.randomUUID(), LinkTokens.hash(token), "alice", null));
		awaitStatus(token, 302);
		publish(fileId, EventTypes.FILE_DELETED,
				new FileDeleted(fileId, "local", TestInfrastructure.BUCKET, "files/" + fileId, "alice"));
		awaitStatus(token, 404);
	}

	@Test
	void failedResolutionsAreLimitedPerClientButSuccessfulOnesAreNot() throws Exception {
		String client = "198.51.100." + CLIENTS.incrementAndGet();
		for (int i = 0; i < 50; i++) {
			assertThat(get(newToken(), "*/*", client).statusCode()).isEqualTo(404);
		}
		Answer limited = get(newToken(), "*/*", client);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(Long.parseLong(limited.header("Retry-After").orElseThrow())).isPositive();
		assertThat(get(newToken(), "*/*", "198.51.100.250").statusCode()).isEqualTo(404);

		UUID fileId = uploadedFile("c.txt", "text/plain", "c");
		String token = newToken();
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, UUID.randomUUID(), LinkTokens.hash(token), "alice", null));
		awaitStatus(token, 302);
		String happy = "198.51.100.251";
		for (int i = 0; i < 60; i++) {
			assertThat(get(token, "*/*", happy).statusCode()).isEqualTo(302);
		}
	}

	@Test
	void anEmptiedProjectionRebuildsItselfFromKafka() throws Exception {
		UUID fileId = uploadedFile("rebuild.txt", "text/plain", "r");
		String live = newToken();
		String dead = newToken();
		UUID deadLink = UUID.randomUUID();
		publish(fileId, EventTypes.LINK_CREATED,
				new LinkCreated(fileId, deadLink, LinkTokens.hash(dead), "alice", null));
		publish(fileId, EventTypes.LINK_RESET,
				new LinkReset(fileId, deadLink, UUID.randomUUID(), LinkTokens.hash(live), "alice", null));
		awaitStatus(live, 302);

		this.registry.getListenerContainers().forEach((container) -> container.stop());
		this.database.sql("TRUNCATE share_link, file_object, processed_event, partition_position").then().block();
		// A wiped table is no event: the resolution cache notices it at its next
		// validation (every 100 ms), not at once.
		awaitStatus(live, 404);
		this.registry.getListenerContainers().forEach((container) -> container.start());

		awaitStatus(live, 302);
		assertThat(get(dead, "*/*", "192.0.2.252").statusCode()).isEqualTo(404);
	}

	@Test
	void aProjectionRestoredFromAnOlderBackupReplaysWhatItLacks() throws Exception {
		UUID fileId = uploadedFile("restored.txt", "text/plain", "r");
		String token = newToken();
		UUID linkId = UUID.randomUUID();
		String createdId = UUID.randomUUID().toString();
		RecordMetadata created = publish(fileId, EventTypes.LINK_CREATED, createdId,
				new LinkCreated(fileId, linkId, LinkTokens.hash(token), "alice", null));
		awaitStatus(token, 302);

		// The database goes back to a backup taken just before the link was created; the
		// consumer group's committed offsets are already past it.
		this.registry.getListenerContainers().forEach((container) -> container.stop());
		this.database.sql("DELETE FROM share_link WHERE link_id = :id").bind("id", linkId).then().block();
		this.database.sql("DELETE FROM processed_event WHERE event_id = :id").bind("id", createdId).then().block();
		this.database
			.sql("UPDATE partition_position SET next_offset = :offset WHERE topic = :topic AND partition = :partition")
			.bind("offset", created.offset())
			.bind("topic", created.topic())
			.bind("partition", created.partition())
			.then()
			.block();
		// Restored by hand, not through events: the resolution cache notices it at its
		// next validation (every 100 ms), not at once.
		awaitStatus(token, 404);
		this.registry.getListenerContainers().forEach((container) -> container.start());

		awaitStatus(token, 302);
	}

	@Autowired
	org.springframework.kafka.config.KafkaListenerEndpointRegistry registry;

	@Autowired
	org.springframework.r2dbc.core.DatabaseClient database;

	@Test
	void healthIsOpenAndTheInternalApiNeedsAScopedToken() {
		this.web.get()
			.uri("http://127.0.0.1:" + this.port + "/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		this.web.get()
			.uri("http://127.0.0.1:" + this.port + "/internal/v1/links/await?active=" + UUID.randomUUID())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("Unauthorized");
	}

	@Test
	void migrationsCreatedTheProjectionTables() {
		Long tables = this.database
			.sql("SELECT count(*) FROM information_schema.tables WHERE table_name IN "
					+ "('processed_event', 'file_object', 'share_link')")
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
		assertThat(tables).isEqualTo(3);
	}

	@Test
	void inlineIsOfferedOnlyForTypesThatCannotRunInOurOrigin() throws Exception {
		for (String[] type : new String[][] { { "image/png", "inline" }, { "application/pdf", "inline" },
				{ "text/html", "attachment" }, { "image/svg+xml", "attachment" }, { "text/xml", "attachment" } }) {
			UUID fileId = uploadedFile("file", type[0], "x");
			String token = newToken();
			publish(fileId, EventTypes.LINK_CREATED,
					new LinkCreated(fileId, UUID.randomUUID(), LinkTokens.hash(token), "alice", null));
			awaitStatus(token, 302);
			String location = get(token + "?inline=1", "*/*", "192.0.2.240").header("Location").orElseThrow();
			assertThat(java.net.URLDecoder.decode(location, java.nio.charset.StandardCharsets.UTF_8)).as(type[0])
				.contains("response-content-disposition=" + type[1] + ";");
		}
	}

	@Test
	void malformedTokensAreAnsweredLikeUnknownOnes() throws Exception {
		for (String token : List.of("x", "a".repeat(500), "has%20space", "x.y")) {
			assertThat(get(token, "*/*", "203.0.113.9").statusCode()).isEqualTo(404);
		}
		// Encoded dots never reach the resolver: the security firewall rejects the path
		// outright.
		assertThat(get("%2e%2e", "*/*", "203.0.113.9").statusCode()).isEqualTo(400);
	}

	// --- helpers
	// -------------------------------------------------------------------------------------------------

	UUID uploadedFile(String name, String contentType, String content) throws Exception {
		return uploadedFile(UUID.randomUUID(), name, contentType, content);
	}

	UUID uploadedFile(UUID fileId, String name, String contentType, String content) throws Exception {
		String key = "files/" + fileId;
		s3.putObject((r) -> r.bucket(TestInfrastructure.BUCKET).key(key), RequestBody.fromString(content));
		publish(fileId, EventTypes.FILE_UPLOADED, new FileUploaded(fileId, name, content.length(), contentType,
				"0".repeat(64), true, null, "alice", "local", TestInfrastructure.BUCKET, key, List.of()));
		return fileId;
	}

	void publish(UUID fileId, String type, Object event) throws Exception {
		publish(fileId, type, UUID.randomUUID().toString(), event);
	}

	RecordMetadata publish(UUID fileId, String type, String eventId, Object event) throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.FILES, fileId.toString(),
				this.json.writeValueAsString(event));
		record.headers()
			.add(CloudEventHeaders.SPEC_VERSION, bytes("1.0"))
			.add(CloudEventHeaders.ID, bytes(eventId))
			.add(CloudEventHeaders.SOURCE, bytes("/metadata-service"))
			.add(CloudEventHeaders.TYPE, bytes(type))
			.add(CloudEventHeaders.SUBJECT, bytes(fileId.toString()))
			.add(CloudEventHeaders.CONTENT_TYPE, bytes("application/json"));
		return producer.send(record).get();
	}

	Answer awaitStatus(String token, int status) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		Answer response;
		do {
			// A fresh address each time, so waiting does not trip the failure limit.
			response = get(token, "*/*", "192.0.2." + (CLIENTS.incrementAndGet() % 250));
			if (response.statusCode() == status) {
				return response;
			}
			Thread.sleep(50);
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError("Token never answered " + status + "; last: " + response.statusCode());
	}

	/** What the gateway does after a link change: wait for the projection to show it. */
	EntityExchangeResult<String> awaitApplied(String query, Duration timeout) {
		return this.web.get()
			.uri("http://127.0.0.1:" + this.port + "/internal/v1/links/await?timeoutMs=" + timeout.toMillis() + "&"
					+ query)
			.header("Authorization", "Bearer " + TestTokens.service("share-link-service"))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	Answer get(String token, String accept) throws Exception {
		return get(token, accept, "192.0.2.1");
	}

	/**
	 * Calls {@code /s/{token}} as a client at the given address (the gateway sets
	 * X-Forwarded-For).
	 */
	Answer get(String token, String accept, String client) {
		// The token goes into the path exactly as given (malformed ones included), hence
		// a ready-made URI.
		EntityExchangeResult<String> result = this.web.get()
			.uri(URI.create("http://127.0.0.1:" + this.port + "/s/" + token))
			.header("Accept", accept)
			.header("X-Forwarded-For", client)
			.exchange()
			.expectBody(String.class)
			.returnResult();
		return new Answer(result.getStatus().value(), result.getResponseHeaders(), result.getResponseBody());
	}

	record Answer(int statusCode, org.springframework.http.HttpHeaders headers, String body) {

		java.util.Optional<String> header(String name) {
			return java.util.Optional.ofNullable(this.headers.getFirst(name));
		}

	}

	static String newToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
