package com.cloudstorage.files.localstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the local stack listens and keeps its data. Port 0 means "any free port" (the
 * tests use that).
 *
 * @param dataDirectory PostgreSQL data, S3 objects and service logs live below it
 * @param persistentObjects keep S3 objects on disk (local run) instead of in memory
 * (tests)
 * @param fastStartJvm start service JVMs with flags that favour start-up over peak speed
 * (tests)
 * @param failedLinkWindow the window in which failed link resolutions per address are
 * limited
 */
public record StackSettings(Path dataDirectory, int gatewayPort, int issuerPort, int metadataPort, int storagePort,
		int shareLinkPort, int kafkaPort, int postgresPort, int s3Port, boolean persistentObjects, boolean fastStartJvm,
		Duration failedLinkWindow) {

	public static final String S3_ACCESS_KEY = "local";

	public static final String S3_SECRET_KEY = "localsecret";

	public static final String BUCKET = "files";

	/**
	 * The documented defaults, each overridable by a system property or environment
	 * variable. The last three are for the end-to-end tests, which run the launcher as a
	 * process.
	 */
	public static StackSettings defaults() {
		return new StackSettings(Path.of(setting("LOCAL_STACK_DATA", ".local-stack")), port("GATEWAY_PORT", 8080),
				port("ISSUER_PORT", 9090), port("METADATA_PORT", 8081), port("STORAGE_PORT", 8082),
				port("SHARE_LINK_PORT", 8083), port("KAFKA_PORT", 9092), port("POSTGRES_PORT", 55432),
				port("S3_PORT", 9000), Boolean.parseBoolean(setting("LOCAL_STACK_PERSISTENT_OBJECTS", "true")),
				Boolean.parseBoolean(setting("LOCAL_STACK_FAST_START_JVM", "false")),
				Duration.parse(setting("LOCAL_STACK_FAILED_LINK_WINDOW", "PT1M")));
	}

	/**
	 * Free ports, everything (objects too) under a throwaway folder: objects in memory
	 * would fill the heap of whichever JVM runs the stack.
	 */
	public static StackSettings forTests(Path dataDirectory) {
		// A short failure window, so a test can exhaust it and the next test starts
		// clean.
		return new StackSettings(dataDirectory, 0, 0, 0, 0, 0, 0, 0, 0, true, true, Duration.ofSeconds(3));
	}

	/**
	 * How long the services may take to become ready, all together
	 * ({@code LOCAL_STACK_START_TIMEOUT}, ISO-8601, default 5 minutes: five JVMs starting
	 * at once on a busy 2-core machine take minutes); also the gateway's bound for
	 * waiting for the services behind it.
	 */
	static Duration startTimeout() {
		return Duration.parse(setting("LOCAL_STACK_START_TIMEOUT", "PT5M"));
	}

	private static int port(String name, int defaultPort) {
		return Integer.parseInt(setting(name, String.valueOf(defaultPort)));
	}

	private static String setting(String name, String defaultValue) {
		String value = System.getProperty(name, System.getenv(name));
		return (value == null || value.isBlank()) ? defaultValue : value;
	}

}
