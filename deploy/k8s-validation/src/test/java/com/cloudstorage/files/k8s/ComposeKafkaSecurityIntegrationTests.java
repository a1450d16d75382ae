package com.cloudstorage.files.k8s;

import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml's Kafka, without Docker: a real Kafka broker (its own process, the
 * project's Kafka version) started with exactly the broker settings the compose file
 * gives apache/kafka, the topics and ACLs its kafka-setup creates, and then every SASL
 * user trying what it should and should not be able to do. Not covered: the image's own
 * start script and the shell around the kafka-topics / kafka-acls commands.
 */
class ComposeKafkaSecurityIntegrationTests {

	private static final ComposeKafka COMPOSE = ComposeKafka.load();

	private static Process broker;

	private static String bootstrap;

	@TempDir
	static Path data;

	@BeforeAll
	static void startBrokerAsComposeConfiguresIt() throws Exception {
		int brokerPort = freePort();
		int controllerPort = freePort();
		bootstrap = "127.0.0.1:" + brokerPort;
		Properties properties = new Properties();
		properties.putAll(COMPOSE.brokerProperties());
		// Only the addresses change: loopback and free ports instead of the container's
		// name and fixed ports.
		properties.put("listeners", "BROKER://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
		properties.put("advertised.listeners", "BROKER://127.0.0.1:" + brokerPort);
		properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
		properties.put("log.dirs", data.resolve("log").toString());
		properties.put("group.initial.rebalance.delay.ms", "0");
		Path config = data.resolve("server.properties");
		try (Writer writer = Files.newBufferedWriter(config)) {
			properties.store(writer, "docker-compose.yml's kafka service, on loopback");
		}
		Path log = Path.of("target", "compose-kafka-broker.log");
		Process format = java(log, "kafka.tools.StorageTool", "format", "--cluster-id", randomClusterId(), "--config",
				config.toString());
		assertThat(format.waitFor(3, TimeUnit.MINUTES)).as("storage format finished").isTrue();
		assertThat(format.exitValue()).as("storage format (log: " + log + ")").isZero();
		broker = java(log, "kafka.Kafka", config.toString());
		awaitBroker(Duration.ofMinutes(3), log);
		try (Admin admin = Admin.create(client("admin"))) {
			List<NewTopic> topics = new ArrayList<>();
			COMPOSE.topics().forEach((topic, partitions) -> topics.add(new NewTopic(topic, partitions, (short) 1)));
			admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
			List<AclBinding> bindings = new ArrayList<>();
			for (ComposeKafka.Acl acl : COMPOSE.acls()) {
				ResourceType type = acl.resourceType().equals("topic") ? ResourceType.TOPIC : ResourceType.GROUP;
				for (String operation : acl.operations()) {
					bindings.add(new AclBinding(new ResourcePattern(type, acl.resource(), PatternType.LITERAL),
							new AccessControlEntry("User:" + acl.user(), "*", AclOperation.fromString(operation),
									AclPermissionType.ALLOW)));
				}
			}
			assertThat(bindings).hasSizeGreaterThan(10);
			admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
			// The broker applies new ACLs from the metadata log a moment after the
			// controller accepted them; a test
			// that ran in that moment would see a denial the compose file does not cause.
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
			while (admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).size() < bindings
				.size()) {
				assertThat(System.nanoTime()).as("the broker shows every ACL within 2 minutes").isLessThan(deadline);
				Thread.sleep(200);
			}
		}
	}

	@AfterAll
	static void stopBroker() throws Exception {
		if (broker != null) {
			broker.destroy();
			if (!broker.waitFor(30, TimeUnit.SECONDS)) {
				broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void composeCreatesTheTopicsTheServicesUse() {
		assertThat(COMPOSE.topics()).containsOnlyKeys("files.v1", "files.v1.dlt", "documents.v1", "documents.v1.dlt",
				"storage.v1");
		assertThat(COMPOSE.brokerProperties()).containsEntry("allow.everyone.if.no.acl.found", "false")
			.containsEntry("auto.create.topics.enable", "false")
			.containsEntry("super.users", "User:admin");
	}

	@Test
	void onlyMetadataServiceWritesFilesV1() {
		for (String user : serviceUsers()) {
			assertThat(canWrite(user, "files.v1")).as(user + " writes files.v1").isEqualTo(user.equals("metadata"));
		}
	}

	@Test
	void onlyTheOwningApplicationWritesDocumentsV1() {
		for (String user : serviceUsers()) {
			assertThat(canWrite(user, "documents.v1")).as(user + " writes documents.v1").isEqualTo(user.equals("erp"));
		}
	}

	@Test
	void eachServiceWritesItsOwnOtherTopics() {
		assertThat(canWrite("storage", "files.v1.dlt")).isTrue();
		assertThat(canWrite("storage", "storage.v1")).isTrue();
		assertThat(canWrite("metadata", "documents.v1.dlt")).isTrue();
		assertThat(canWrite("sharelink", "storage.v1")).isFalse();
		assertThat(canWrite("metadata", "storage.v1")).isFalse();
	}

	@Test
	void eachConsumerReadsWithItsOwnGroupOnly() {
		assertThat(canWrite("metadata", "files.v1")).isTrue();
		assertThat(canWrite("erp", "documents.v1")).isTrue();
		assertThat(canRead("storage", "storage-service", "files.v1")).isTrue();
		assertThat(canRead("sharelink", "share-link-service", "files.v1")).isTrue();
		assertThat(canRead("metadata", "metadata-service", "documents.v1")).isTrue();
		// The SHA-256 of a direct upload session computed after the fact (issue #11).
		assertThat(canWrite("storage", "storage.v1")).isTrue();
		assertThat(canRead("metadata", "metadata-service", "storage.v1")).isTrue();
		assertThat(canRead("sharelink", "share-link-service", "storage.v1")).isFalse();
		assertThat(canRead("sharelink", "storage-service", "files.v1")).as("another service's group").isFalse();
		assertThat(canRead("erp", "erp", "files.v1")).as("the ERP reads no file events").isFalse();
	}

	@Test
	void aWrongPasswordIsRefused() {
		Map<String, Object> config = producerConfig("metadata");
		config.put("sasl.jaas.config", jaas("metadata", "not-the-password"));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>("files.v1", "k", "v")).get(30, TimeUnit.SECONDS);
			throw new AssertionError("a wrong password was accepted");
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(SaslAuthenticationException.class);
		}
		catch (Exception ex) {
			assertThat(rootCause(ex)).isInstanceOf(SaslAuthenticationException.class);
		}
	}

	private static List<String> serviceUsers() {
		List<String> users = new ArrayList<>(COMPOSE.users().keySet());
		users.remove("admin");
		assertThat(users).contains("metadata", "storage", "sharelink", "erp");
		return users;
	}

	private static boolean canWrite(String user, String topic) {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(user))) {
			producer.send(new ProducerRecord<>(topic, "key", "value")).get(60, TimeUnit.SECONDS);
			return true;
		}
		catch (Exception ex) {
			if (rootCause(ex) instanceof AuthorizationException) {
				return false;
			}
			throw new AssertionError(user + " writing " + topic + " failed for another reason", ex);
		}
	}

	private static boolean canRead(String user, String group, String topic) {
		Map<String, Object> config = client(user);
		config.put("key.deserializer", StringDeserializer.class);
		config.put("value.deserializer", StringDeserializer.class);
		config.put("group.id", group);
		config.put("auto.offset.reset", "earliest");
		config.put("enable.auto.commit", false);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (System.nanoTime() < deadline) {
				ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
				if (!records.isEmpty()) {
					consumer.commitSync();
					return true;
				}
			}
			throw new AssertionError(user + " read nothing from " + topic + " within 60 s");
		}
		catch (AuthorizationException ex) {
			return false;
		}
	}

	private static Map<String, Object> producerConfig(String user) {
		Map<String, Object> config = client(user);
		config.put("key.serializer", StringSerializer.class);
		config.put("value.serializer", StringSerializer.class);
		// As metadata-service's relay sends: idempotent, acks=all.
		config.put("enable.idempotence", true);
		config.put("acks", "all");
		config.put("max.block.ms", 30000);
		config.put("delivery.timeout.ms", 60000);
		config.put("request.timeout.ms", 30000);
		return config;
	}

	private static Map<String, Object> client(String user) {
		String password = COMPOSE.users().get(user);
		assertThat(password).as("SASL user " + user).isNotNull();
		Map<String, Object> config = new HashMap<>();
		config.put("bootstrap.servers", bootstrap);
		config.put("security.protocol", "SASL_PLAINTEXT");
		config.put("sasl.mechanism", "PLAIN");
		config.put("sasl.jaas.config", jaas(user, password));
		return config;
	}

	private static String jaas(String user, String password) {
		return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
				+ password + "\";";
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			if (cause instanceof AuthorizationException || cause instanceof SaslAuthenticationException) {
				return cause;
			}
			cause = cause.getCause();
		}
		return cause;
	}

	private static void awaitBroker(Duration timeout, Path log) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!broker.isAlive()) {
				throw new AssertionError("the broker exited with " + broker.exitValue() + " (log: " + log + ")");
			}
			try (Admin admin = Admin.create(client("admin"))) {
				admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
				return;
			}
			catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
				Thread.sleep(500);
			}
		}
		throw new AssertionError("the broker did not answer within " + timeout + " (log: " + log + ")");
	}

	private static Process java(Path log, String mainClass, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
						System.getProperty("java.class.path"), mainClass));
		command.addAll(List.of(arguments));
		Files.createDirectories(log.toAbsolutePath().getParent());
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
	}

	private static String randomClusterId() {
		UUID uuid = UUID.randomUUID();
		java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
		bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
