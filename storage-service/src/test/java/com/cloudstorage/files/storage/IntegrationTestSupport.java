package com.cloudstorage.files.storage;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import com.cloudstorage.files.localinfra.KafkaServer;
import com.cloudstorage.files.localinfra.PostgresServer;
import com.cloudstorage.files.localinfra.S3Server;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.localinfra.ThreadDumpWatchdog;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One application context for every integration test class: real PostgreSQL, Kafka broker
 * and S3 server, a {@code local} profile on that S3 server and a {@code down} profile on
 * a closed port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ExtendWith(ThreadDumpWatchdog.class)
public abstract class IntegrationTestSupport {

	protected static final String BUCKET = TestInfrastructure.BUCKET;

	private static final int CLOSED_PORT = closedPort();

	private static S3Client s3;

	protected static final long SLOW_LINK_BYTES_PER_SECOND = 2_000_000;

	private static PacedProxy slowLink;

	@Autowired
	protected WebTestClient webTestClient;

	protected WebTestClient client;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PostgresServer postgres = TestInfrastructure.postgres();
		KafkaServer kafka = TestInfrastructure.kafka();
		S3Server s3Server = TestInfrastructure.s3();
		registry.add("spring.r2dbc.url", () -> postgres.r2dbcUrl("storage"));
		registry.add("spring.r2dbc.username", () -> PostgresServer.USER);
		registry.add("spring.r2dbc.password", () -> PostgresServer.PASSWORD);
		registry.add("spring.flyway.url", () -> postgres.jdbcUrl("storage"));
		registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
		// A blank issuer-uri lets the public-key decoder apply; no issuer runs in tests.
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> "");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
		registry.add("files.storage.grants.keys." + TestGrants.KEY_ID, () -> TestGrants.KEY);
		registry.add("files.storage.part-size", () -> "5MB");
		registry.add("files.storage.providers.local.endpoint", () -> s3Server.endpoint().toString());
		registry.add("files.storage.providers.local.access-key", s3Server::accessKey);
		registry.add("files.storage.providers.local.secret-key", s3Server::secretKey);
		registry.add("files.storage.providers.local.checksum-mode", () -> "when-required");
		registry.add("files.storage.providers.down.endpoint", () -> "http://127.0.0.1:" + CLOSED_PORT);
		registry.add("files.storage.providers.down.region", () -> "us-east-1");
		registry.add("files.storage.providers.down.bucket", () -> BUCKET);
		registry.add("files.storage.providers.down.access-key", () -> "nobody");
		registry.add("files.storage.providers.down.secret-key", () -> "nothing");
		// A provider the convergence test stops and starts again.
		registry.add("files.storage.providers.flaky.endpoint", () -> FlakyS3Server.get().endpoint().toString());
		registry.add("files.storage.providers.flaky.region", () -> "us-east-1");
		registry.add("files.storage.providers.flaky.bucket", () -> BUCKET);
		registry.add("files.storage.providers.flaky.access-key", () -> FlakyS3Server.ACCESS_KEY);
		registry.add("files.storage.providers.flaky.secret-key", () -> FlakyS3Server.SECRET_KEY);
		// Short durable retries; the scheduled reconciler only looks at the flaky
		// profile, so other tests' objects in "local" are never taken for orphans.
		registry.add("files.storage.workers.retry.poll-interval", () -> "PT0.5S");
		registry.add("files.storage.workers.retry.initial-backoff", () -> "PT1S");
		registry.add("files.storage.workers.retry.max-backoff", () -> "PT2S");
		registry.add("files.storage.workers.retry.lease", () -> "PT30S");
		registry.add("files.storage.workers.reconcile.providers", () -> "flaky");
		registry.add("files.storage.workers.reconcile.interval", () -> "PT2S");
		registry.add("files.storage.workers.reconcile.orphan-age", () -> "PT15S");
		// Fault profiles of ProviderFaultIntegrationTests, each with its own breaker.
		for (String name : new String[] { "hung-uploads", "hung-reads" }) {
			faultProfile(registry, name, () -> ProviderFaults.hung().endpoint().toString(), "nobody", "nothing");
		}
		faultProfile(registry, "silent-after-body", () -> ProviderFaults.silentAfterBody().endpoint().toString(),
				"nobody", "nothing");
		faultProfile(registry, "stops-reading", () -> ProviderFaults.stopsReading().endpoint().toString(), "nobody",
				"nothing");
		faultProfile(registry, "stalling-reads", () -> ProviderFaults.stallingMidBody().endpoint().toString(), "nobody",
				"nothing");
		faultProfile(registry, "restartable", () -> ProviderFaults.restartable().endpoint().toString(),
				TestInfrastructure.S3_ACCESS_KEY, TestInfrastructure.S3_SECRET_KEY);
		registry.add("files.storage.providers.restartable.breaker.open-for", () -> "PT20S");
		// The test S3 server behind a link that answers at 2 MB/s, with 1 s call
		// timeouts:
		// how long completing an upload session may take
		// (MultipartUploadIntegrationTests).
		faultProfile(registry, "slow-link", () -> slowLink().endpoint().toString(), s3Server.accessKey(),
				s3Server.secretKey());
		registry.add("files.storage.providers.slow-link.timeouts.attempt", () -> "PT1S");
		registry.add("files.storage.providers.slow-link.timeouts.call", () -> "PT1S");
		registry.add("files.storage.multipart.completion.min-join-rate", () -> "1MB");
		registry.add("files.storage.multipart.completion.min-verify-rate", () -> "1MB");
		faultProfile(registry, "strict", () -> s3Server.endpoint().toString(), s3Server.accessKey(),
				s3Server.secretKey());
		// The same server with the SDK's checksum validation: its downloads go through
		// the SDK's client, the others' without it (ObjectApiIntegrationTests).
		faultProfile(registry, "checked", () -> s3Server.endpoint().toString(), s3Server.accessKey(),
				s3Server.secretKey());
		registry.add("files.storage.providers.checked.checksum-mode", () -> "when-supported");
		// Profiles on the healthy server get generous timeouts: the shared CI machine can
		// be slow, and these tests are not about timeouts.
		registry.add("files.storage.providers.flaky.breaker.open-for", () -> "PT2S");
		for (String name : new String[] { "local", "strict", "flaky", "checked" }) {
			registry.add("files.storage.providers." + name + ".timeouts.attempt", () -> "PT20S");
			registry.add("files.storage.providers." + name + ".timeouts.call", () -> "PT30S");
			registry.add("files.storage.providers." + name + ".timeouts.acquire", () -> "PT20S");
		}
		registry.add("files.storage.cleanup.max-attempts", () -> "3");
		registry.add("files.storage.cleanup.initial-backoff", () -> "PT0.1S");
		registry.add("files.storage.cleanup.max-backoff", () -> "PT0.3S");
	}

	private static void faultProfile(DynamicPropertyRegistry registry, String name,
			java.util.function.Supplier<Object> endpoint, String accessKey, String secretKey) {
		String prefix = "files.storage.providers." + name + ".";
		registry.add(prefix + "endpoint", endpoint);
		registry.add(prefix + "region", () -> "us-east-1");
		registry.add(prefix + "bucket", () -> BUCKET);
		registry.add(prefix + "access-key", () -> accessKey);
		registry.add(prefix + "secret-key", () -> secretKey);
	}

	/** The test S3 server answering at {@link #SLOW_LINK_BYTES_PER_SECOND}. */
	protected static synchronized PacedProxy slowLink() {
		if (slowLink == null) {
			slowLink = new PacedProxy(TestInfrastructure.s3().endpoint(), SLOW_LINK_BYTES_PER_SECOND);
		}
		return slowLink;
	}

	@BeforeEach
	void longerTimeout() {
		// Acts as the gateway with metadata-service's grants:
		// StorageGrantIntegrationTests
		// sends writes without one.
		this.client = this.webTestClient.mutate()
			.filter(TestGrants.reservingEveryKey())
			.responseTimeout(Duration.ofSeconds(60))
			.build();
	}

	/**
	 * A plain synchronous client on the test S3 server, to check what the service wrote.
	 */
	protected static synchronized S3Client s3() {
		if (s3 == null) {
			S3Server server = TestInfrastructure.s3();
			s3 = S3Client.builder()
				.endpointOverride(server.endpoint())
				.region(Region.US_EAST_1)
				.forcePathStyle(true)
				.credentialsProvider(StaticCredentialsProvider
					.create(AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
				.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
				.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
				.build();
		}
		return s3;
	}

	protected static URI s3Endpoint() {
		return TestInfrastructure.s3().endpoint();
	}

	/**
	 * A port nothing listens on: privileged and outside the ephemeral range, so no server
	 * started by a test can take it (a freed random port could be reused by one, which
	 * then accepts and never answers).
	 */
	private static int closedPort() {
		return 1;
	}

}
