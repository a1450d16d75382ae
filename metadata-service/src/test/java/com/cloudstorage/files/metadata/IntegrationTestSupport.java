package com.cloudstorage.files.metadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.kit.security.ActingUser;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.localinfra.ThreadDumpWatchdog;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on a random port against the per-JVM PostgreSQL and Kafka; subclasses
 * share one context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(ThreadDumpWatchdog.class)
@Import(InFlightRequests.class)
abstract class IntegrationTestSupport {

	static final String READ = "files:read";

	static final String WRITE = "files:write";

	static final String DELETE = "files:delete";

	static final String ADMIN = "files:admin";

	static final String DOCUMENTS = "documents:write";

	static final String[] USER = { READ, WRITE, DELETE };

	static final String SHARE = "files:share";

	/** A user who may also share. */
	static final String[] SHARER = { READ, WRITE, DELETE, SHARE };

	@LocalServerPort
	int port;

	WebTestClient http;

	@Autowired
	DatabaseClient db;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.r2dbc.url", () -> TestInfrastructure.postgres().r2dbcUrl("metadata"));
		registry.add("spring.flyway.url", () -> TestInfrastructure.postgres().jdbcUrl("metadata"));
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
		// No issuer runs in tests: the public key alone validates tokens.
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> "");
		linkTokenKeys(registry);
		storageGrantKeys(registry);
	}

	/** Tests run without the 'local' profile: they bring their own link-token key. */
	static void linkTokenKeys(DynamicPropertyRegistry registry) {
		registry.add("files.metadata.links.token-keys.test-1", () -> TEST_LINK_KEY);
		registry.add("files.metadata.links.active-token-key", () -> "test-1");
	}

	/** Tests run without the 'local' profile: they bring their own storage-grant key. */
	static void storageGrantKeys(DynamicPropertyRegistry registry) {
		registry.add("files.metadata.storage-grants.keys.test-grants", () -> TEST_STORAGE_GRANT_KEY);
	}

	/** base64 of 32 bytes; a test key, not a secret. */
	static final String TEST_STORAGE_GRANT_KEY = "dGVzdC1vbmx5LXN0b3JhZ2UtZ3JhbnQta2V5LTMyYnk=";

	/** base64 of 32 bytes; a test key, not a secret. */
	static final String TEST_LINK_KEY = "dGVzdC1vbmx5LWxpbmstdG9rZW4ta2V5LTMyLWJ5dGU=";

	/**
	 * Headers of an internal call as the gateway makes it: its own service identity, and
	 * the user it acts for with that user's scopes.
	 */
	static Consumer<HttpHeaders> asGatewayFor(String user, String... scopes) {
		return (headers) -> {
			headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.service("metadata-service"));
			headers.set(ActingUser.SUBJECT_HEADER, user);
			headers.set(ActingUser.SCOPES_HEADER, String.join(" ", scopes));
		};
	}

	@BeforeEach
	void client() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String bearer(String subject, String... scopes) {
		return "Bearer " + TestTokens.token(subject, scopes);
	}

	/**
	 * A share-link call ({@code GET}/{@code POST} on {@code path}) as {@code owner} that
	 * must answer 200 with the link's id in {@code X-Link-Id}; the body.
	 */
	static Map<?, ?> shareLinkCall(WebTestClient client, String method, String path, String owner, Object file) {
		Map<?, ?> answer = client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path, file)
			.header("Authorization", bearer(owner, SHARER))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists("X-Link-Id")
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(answer).isNotNull();
		return answer;
	}

	/** The public URL of {@code file}'s link, through {@link #shareLinkCall}. */
	static String shareLinkUrl(WebTestClient client, String method, String owner, Object file) {
		return (String) shareLinkCall(client, method, "/api/v1/files/{id}/share-link", owner, file).get("url");
	}

	static Map<String, Object> reservation(String name, boolean privateFile, String folder,
			List<Map<String, String>> attachments) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("contentType", "application/pdf");
		body.put("private", privateFile);
		body.put("folder", folder);
		body.put("attachments", attachments);
		return body;
	}

	UUID reserve(String owner, Map<String, Object> body) {
		return UUID.fromString((String) reservationAnswer(owner, body).get("fileId"));
	}

	/**
	 * The reservation as metadata-service answers it (file id, key, completion grant...).
	 */
	Map<?, ?> reservationAnswer(String owner, Map<String, Object> body) {
		Map<?, ?> reserved = this.http.post()
			.uri("/internal/v1/uploads")
			.headers(asGatewayFor(owner, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(reserved).isNotNull();
		return reserved;
	}

	WebTestClient.ResponseSpec complete(String owner, UUID id, String name) {
		return this.http.post()
			.uri("/internal/v1/uploads/{id}/complete", id)
			.headers(asGatewayFor(owner, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("bucket", TestInfrastructure.BUCKET, "size", 1234, "sha256", sha256(name), "etag",
					"\"etag-" + id + "\""))
			.exchange();
	}

	/** Reserves and completes a file, as the gateway does around the byte transfer. */
	UUID upload(String owner, String name, boolean privateFile, String folder) {
		UUID id = reserve(owner, reservation(name, privateFile, folder, List.of()));
		complete(owner, id, name).expectStatus().isOk();
		return id;
	}

	WebTestClient.ResponseSpec putDocument(String type, String name, String status) {
		return this.http.put()
			.uri("/api/v1/documents/{type}/{name}", type, name)
			.header("Authorization", bearer("erp", DOCUMENTS))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", status))
			.exchange();
	}

	WebTestClient.ResponseSpec attach(String subject, UUID id, String type, String name) {
		return this.http.post()
			.uri("/api/v1/files/{id}/attachments", id)
			.header("Authorization", bearer(subject, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("type", type, "name", name))
			.exchange();
	}

	WebTestClient.ResponseSpec detach(String subject, UUID id, String type, String name) {
		return this.http.delete()
			.uri("/api/v1/files/{id}/attachments/{type}/{name}", id, type, name)
			.header("Authorization", bearer(subject, USER))
			.exchange();
	}

	WebTestClient.ResponseSpec read(String subject, UUID id, String... scopes) {
		return this.http.get()
			.uri("/api/v1/files/{id}", id)
			.header("Authorization", bearer(subject, scopes))
			.exchange();
	}

	WebTestClient.ResponseSpec delete(String subject, UUID id, boolean force) {
		return this.http.delete()
			.uri("/api/v1/files/{id}" + (force ? "?force=true" : ""), id)
			.header("Authorization", bearer(subject, USER))
			.exchange();
	}

	WebTestClient.ResponseSpec abort(String subject, UUID id) {
		return this.http.post()
			.uri("/internal/v1/uploads/{id}/abort", id)
			.headers(asGatewayFor(subject, USER))
			.exchange();
	}

	/** The file's row status, whatever the API shows. */
	String status(UUID id) {
		return this.db.sql("SELECT status FROM files WHERE id = :id")
			.bind("id", id)
			.map((row) -> row.get("status", String.class))
			.one()
			.block();
	}

	/** The event types the file's changes put in the outbox, oldest first. */
	List<String> outboxTypes(UUID id) {
		return this.db.sql("SELECT event_type FROM outbox WHERE aggregate_id = :id ORDER BY position")
			.bind("id", id)
			.map((row) -> row.get("event_type", String.class))
			.all()
			.collectList()
			.block();
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code)
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.type")
			.value(String.class,
					(type) -> org.assertj.core.api.Assertions.assertThat(type)
						.startsWith("https://errors.cloudstorage.dev/files/"))
			.jsonPath("$.trace")
			.doesNotExist();
	}

	/**
	 * Reads {@code files.v1} from the start until {@code expected} records with these
	 * keys arrived (45 s at most).
	 */
	static List<ConsumerRecord<String, String>> consume(List<String> keys, int expected) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, unique("events-test"));
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		List<ConsumerRecord<String, String>> found = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			consumer.subscribe(List.of(Topics.FILES));
			long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
			while (found.size() < expected && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					if (keys.contains(record.key())) {
						found.add(record);
					}
				}
			}
		}
		// Partitions interleave; the order that matters is per key, which Kafka keeps.
		found.sort((a, b) -> Integer.compare(keys.indexOf(a.key()), keys.indexOf(b.key())));
		assertThat(found).hasSize(expected);
		return found;
	}

	static String header(ConsumerRecord<String, String> record, String name) {
		Header header = record.headers().lastHeader(name);
		assertThat(header).as("header %s", name).isNotNull();
		return new String(header.value(), StandardCharsets.UTF_8);
	}

}
