package com.cloudstorage.files.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import com.cloudstorage.files.contracts.Topics;

/**
 * One set of real servers per test JVM, on free ports, started on first use and stopped
 * when the JVM exits. Tests point their Spring properties at it with
 * {@code @DynamicPropertySource}.
 *
 * <p>
 * By default the servers are embedded (binaries from Maven, in or beside this JVM). With
 * {@code -Dfiles.test.infra=containers} (what the {@code containers} Maven profile sets)
 * they are Testcontainers instead: PostgreSQL, Kafka and MinIO.
 */
public final class TestInfrastructure {

	/** Whether this JVM's servers are containers rather than embedded servers. */
	public static final boolean CONTAINERS = "containers".equals(System.getProperty("files.test.infra", "embedded"));

	public static final String S3_ACCESS_KEY = "test-access";

	public static final String S3_SECRET_KEY = "test-secret-key";

	public static final String BUCKET = "files";

	/** How old another run's cluster must be before a new run deletes it. */
	private static final Duration LEFT_AFTER = Duration.ofHours(2);

	private static PostgresServer postgres;

	private static KafkaServer kafka;

	private static S3Server s3;

	private TestInfrastructure() {
	}

	/**
	 * PostgreSQL with the databases {@code metadata}, {@code storage} and {@code links}.
	 */
	public static synchronized PostgresServer postgres() {
		if (postgres == null) {
			try {
				if (CONTAINERS) {
					postgres = ContainerInfrastructure.postgres("metadata", "storage", "links");
					Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
				}
				else {
					Path dir = Directories.temporary("pg-test", LEFT_AFTER);
					postgres = PostgresServer.start(0, dir.resolve("data"), "metadata", "storage", "links");
					// One hook, in this order: hooks of their own would run concurrently.
					Runtime.getRuntime().addShutdownHook(new Thread(() -> {
						closeQuietly(postgres);
						Directories.deleteTreeQuietly(dir);
					}));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return postgres;
	}

	/** The PostgreSQL server if a test started it, without starting one. */
	static synchronized PostgresServer startedPostgres() {
		return postgres;
	}

	/** A KRaft broker with the project's topics. */
	public static synchronized KafkaServer kafka() {
		if (kafka == null) {
			String[] topics = { Topics.FILES, Topics.FILES_DEAD_LETTER, Topics.DOCUMENTS, Topics.STORAGE };
			kafka = CONTAINERS ? ContainerInfrastructure.kafka(3, topics) : KafkaServer.start(0, 3, topics);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(kafka)));
		}
		return kafka;
	}

	/** An in-memory S3 server with the bucket {@value #BUCKET}. */
	public static synchronized S3Server s3() {
		if (s3 == null) {
			try {
				s3 = CONTAINERS ? ContainerInfrastructure.s3(S3_ACCESS_KEY, S3_SECRET_KEY, BUCKET)
						: S3Server.start(0, null, S3_ACCESS_KEY, S3_SECRET_KEY, BUCKET);
			}
			catch (Exception ex) {
				throw new IllegalStateException("S3 server did not start", ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(s3)));
		}
		return s3;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// The JVM is exiting; nothing left to clean up for.
		}
	}

}
