package com.cloudstorage.files.localinfra;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same three servers as Testcontainers (PostgreSQL, Kafka, MinIO), for the
 * {@code containers} Maven profile. Loaded only in that mode: the Testcontainers classes
 * are on the test class path only there.
 */
final class ContainerInfrastructure {

	static final String POSTGRES_IMAGE = "postgres:17-alpine";

	static final String KAFKA_IMAGE = "apache/kafka-native:3.9.1";

	static final String MINIO_IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";

	private ContainerInfrastructure() {
	}

	/** Whether Testcontainers finds a Docker engine (it logs what it tried). */
	static boolean dockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	static PostgresServer postgres(String... databases) throws IOException {
		PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE).withUsername(PostgresServer.USER)
			.withPassword(PostgresServer.PASSWORD)
			.withCommand("postgres", "-c", "max_connections=200");
		container.start();
		return PostgresServer.running(container.getHost(), container.getMappedPort(5432), container::stop, databases);
	}

	static KafkaServer kafka(int partitions, String... topics) {
		KafkaContainer container = new KafkaContainer(KAFKA_IMAGE).withEnv("KAFKA_NUM_PARTITIONS",
				String.valueOf(partitions));
		container.start();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, container.getBootstrapServers()))) {
			admin
				.createTopics(Arrays.stream(topics).map((topic) -> new NewTopic(topic, partitions, (short) 1)).toList())
				.all()
				.get(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating topics", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			container.stop();
			throw new IllegalStateException("Could not create the topics in the Kafka container", ex);
		}
		return KafkaServer.running(container.getBootstrapServers(), container::stop);
	}

	static S3Server s3(String accessKey, String secretKey, String... buckets) {
		MinIOContainer container = new MinIOContainer(MINIO_IMAGE).withUserName(accessKey).withPassword(secretKey);
		container.start();
		URI endpoint = URI.create(container.getS3URL());
		try (S3Client s3 = S3Client.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
			.build()) {
			for (String bucket : buckets) {
				s3.createBucket((request) -> request.bucket(bucket));
			}
		}
		return S3Server.running(endpoint, accessKey, secretKey, container::stop);
	}

}
