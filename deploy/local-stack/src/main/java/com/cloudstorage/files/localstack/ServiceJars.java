package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The folder where Maven copied each service's packaged jar under a stable name
 * ({@code <service>.jar}); the build writes its location into
 * {@code local-stack.properties}.
 */
final class ServiceJars {

	private ServiceJars() {
	}

	static Path jar(String service) {
		Path jar = directory().resolve(service + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new StartupFailure(service,
					"its jar " + jar + " is missing: build first with ./mvnw -DskipTests package", "");
		}
		return jar;
	}

	/**
	 * Where the service jars are; the launcher keeps what it derives from them beside
	 * them.
	 */
	static Path directory() {
		Properties properties = new Properties();
		try (InputStream in = ServiceJars.class.getResourceAsStream("/local-stack.properties")) {
			if (in == null) {
				throw new IllegalStateException("local-stack.properties is missing from the classpath");
			}
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Path.of(properties.getProperty("service-jars"));
	}

}
