package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.cloudstorage.files.localinfra.Directories;

/**
 * Issue #10, start-up: a service JVM spends most of its start loading and verifying
 * classes. Each service jar is extracted once (Spring Boot's {@code jarmode=tools}
 * layout, whose classes the JVM can archive) and its first run records the classes it
 * loaded in a class-data-sharing archive when it stops; every later start maps that
 * archive instead (about 0.4 of the CPU time to start the gateway on this 2-core machine,
 * see BENCHMARKS.md). Everything sits beside the service jars, keyed by the jar and the
 * JVM, so a new build or another JDK starts over; a JVM that cannot use an archive says
 * so in the service's log and starts the usual way. On JDK 25 and later the archive is an
 * AOT cache instead (JEP 483, 514, 515): the classes already loaded and linked, and the
 * profiles of the methods the first run used, so the JIT compiles them sooner.
 */
final class ClassDataSharing {

	private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);

	/** The launcher's JVM runs the services (see {@link ServiceProcess#java()}). */
	private static final boolean AOT_CACHE = Runtime.version().feature() >= 25;

	private static final String ARCHIVE = AOT_CACHE ? "app.aot" : "classes.jsa";

	/** Each jar's key, by its path, size and time (see {@link #key}). */
	private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

	private final Path extractedJar;

	private final Path archive;

	private final Path recording;

	/**
	 * Decided once: an archive that appears later (another stack's) is not this run's.
	 */
	private final boolean mapsArchive;

	private ClassDataSharing(Path extractedJar, Path archive, Path recording) {
		this.extractedJar = extractedJar;
		this.archive = archive;
		this.recording = recording;
		this.mapsArchive = Files.isRegularFile(archive);
	}

	/**
	 * Prepares the service's jar: extracted (once per jar and JVM), with its archive if
	 * an earlier run left one. {@code null} when the jar cannot be extracted: start it as
	 * it is.
	 */
	static @Nullable ClassDataSharing prepare(String service, Path jar, Path java) {
		try {
			Path directory = jar.resolveSibling("cds").resolve(service + "-" + key(jar));
			Path extracted = directory.resolve(jar.getFileName());
			if (!Files.isRegularFile(extracted)) {
				extract(jar, java, directory);
				forgetOtherBuilds(service, directory);
			}
			return new ClassDataSharing(extracted, directory.resolve(ARCHIVE),
					directory.resolve("recording-" + UUID.randomUUID() + (AOT_CACHE ? ".aot" : ".jsa")));
		}
		catch (IOException ex) {
			LOG.warn("{}: starting from its packaged jar ({})", service, ex.getMessage());
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Extracts every service's jar at once, in the background (while the infrastructure
	 * starts), so that starting the services waits for none of it; one future per
	 * service, so each service can start as soon as its own jar is ready.
	 */
	static Map<String, CompletableFuture<Void>> prepareAll(List<String> services, Path java, Executor executor) {
		Map<String, CompletableFuture<Void>> prepared = new LinkedHashMap<>();
		for (String service : services) {
			prepared.put(service, CompletableFuture.runAsync(() -> {
				try {
					prepare(service, ServiceJars.jar(service), java);
				}
				catch (StartupFailure ex) {
					// A missing jar: starting the service reports it.
				}
			}, executor));
		}
		return prepared;
	}

	/** The JVM options and {@code -jar} argument that start the service. */
	List<String> jvmArguments() {
		List<String> arguments = new ArrayList<>();
		if (this.mapsArchive) {
			arguments.add((AOT_CACHE ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + this.archive);
		}
		else {
			arguments.add((AOT_CACHE ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + this.recording);
			// Recording lists every class it cannot archive: noise in the service's log.
			arguments.add(AOT_CACHE ? "-Xlog:aot=off,cds=off" : "-Xlog:cds=off,cds+dynamic=off");
		}
		arguments.add("-jar");
		arguments.add(this.extractedJar.toString());
		return arguments;
	}

	/**
	 * After the service stopped: its recording (if it wrote one) becomes the archive the
	 * next start uses. A killed JVM writes none or half of one (dropped), and then the
	 * next start records again.
	 */
	void keepRecording(boolean stoppedCleanly) {
		try {
			// JDK 25 writes the training data here and builds the cache from it as it
			// stops; a JVM killed meanwhile leaves it behind (about 100 MB).
			Files.deleteIfExists(trainingData());
		}
		catch (IOException ex) {
			LOG.warn("Could not delete {}: {}", trainingData(), ex.getMessage());
		}
		if (!Files.isRegularFile(this.recording)) {
			return;
		}
		try {
			if (!stoppedCleanly) {
				Files.deleteIfExists(this.recording);
				return;
			}
			// A rename: a JVM mapping an older archive keeps its copy.
			Files.move(this.recording, this.archive, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			LOG.warn("Could not keep the class-data archive {}: {}", this.recording, ex.getMessage());
		}
	}

	/**
	 * How long the JVM may take to stop: a first run writes its archive as it stops (on
	 * JDK 25 it also builds the AOT cache then, in a JVM of its own); under load that
	 * took more than 15 s, and 90 s were not enough for one AOT cache while four were
	 * built at once.
	 */
	Duration stopTimeout() {
		if (this.mapsArchive) {
			return Duration.ofSeconds(15);
		}
		return Duration.ofSeconds(AOT_CACHE ? 240 : 90);
	}

	/** Whether this start maps an archive (an earlier run recorded one). */
	boolean usesArchive() {
		return this.mapsArchive;
	}

	Path archive() {
		return this.archive;
	}

	Path recording() {
		return this.recording;
	}

	/** JDK 25's training data beside the recording (its default name). */
	Path trainingData() {
		return this.recording.resolveSibling(this.recording.getFileName() + ".config");
	}

	/**
	 * The jar's content and the JVM: {@code ./run-local} copies the jars again on every
	 * build, so their times change while their bytes do not.
	 */
	private static String key(Path jar) throws IOException {
		// Every service's jar is prepared while the infrastructure starts and again when
		// the service is launched (on the launch's path): hashed once (about 0.1 CPU s
		// per service jar).
		String file = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar);
		String known = KEYS.get(file);
		if (known != null) {
			return known;
		}
		String key = contentKey(jar);
		KEYS.put(file, key);
		return key;
	}

	private static String contentKey(Path jar) throws IOException {
		MessageDigest sha256 = sha256();
		try (InputStream in = Files.newInputStream(jar)) {
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				sha256.update(buffer, 0, read);
			}
		}
		sha256.update((System.getProperty("java.home") + "|" + System.getProperty("java.vm.version"))
			.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(sha256.digest(), 0, 8);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A new build of the service: the extracted jars and archives of earlier ones (about
	 * 150 MB each) would otherwise pile up with every build.
	 */
	private static void forgetOtherBuilds(String service, Path current) throws IOException {
		try (Stream<Path> siblings = Files.list(current.getParent())) {
			for (Path sibling : siblings.toList()) {
				String name = sibling.getFileName().toString();
				if (!sibling.equals(current) && name.startsWith(service + "-") && !name.contains(".extracting-")
						&& Files.isRegularFile(sibling.resolve(service + ".jar"))) {
					Directories.deleteTree(sibling);
				}
			}
		}
	}

	private static void extract(Path jar, Path java, Path directory) throws IOException, InterruptedException {
		Files.createDirectories(directory.getParent());
		Path staging = Files.createTempDirectory(directory.getParent(), directory.getFileName() + ".extracting-");
		try {
			Process extract = new ProcessBuilder(java.toString(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
					"--destination", staging.toString())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
				extract.destroyForcibly();
				throw new IOException("extracting " + jar.getFileName() + " failed");
			}
			try {
				// Several launchers may extract at once: the first rename wins.
				Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				if (!Files.isRegularFile(directory.resolve(jar.getFileName()))) {
					throw ex;
				}
			}
		}
		finally {
			Directories.deleteTree(staging);
		}
	}

}
