package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first start of a service records the classes it loaded; the next maps them from the
 * archive (shown by the JVM's own class-loading log, with {@code -Xshare:on}, or
 * {@code -XX:AOTMode=on} for JDK 25's AOT cache, so an unusable archive fails the start
 * instead of being skipped).
 */
class ClassDataSharingTests {

	static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

	static final boolean AOT_CACHE = Runtime.version().feature() >= 25;

	@TempDir
	Path directory;

	@Test
	void theSecondStartMapsTheClassesTheFirstRecorded() throws Exception {
		Path jar = Files.copy(ServiceJars.jar("gateway-service"), this.directory.resolve("gateway-service.jar"));

		ClassDataSharing first = ClassDataSharing.prepare("gateway-service", jar, JAVA);
		assertThat(first).isNotNull();
		assertThat(first.usesArchive()).isFalse();
		String recordOption = AOT_CACHE ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=";
		assertThat(first.jvmArguments()).anyMatch((argument) -> argument.startsWith(recordOption));
		assertThat(startAndExit(first, List.of())).isZero();
		first.keepRecording(true);
		assertThat(first.archive()).isRegularFile();

		ClassDataSharing second = ClassDataSharing.prepare("gateway-service", jar, JAVA);
		assertThat(second).isNotNull();
		assertThat(second.usesArchive()).isTrue();
		assertThat(second.jvmArguments())
			.contains((AOT_CACHE ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + second.archive());
		Path classLog = this.directory.resolve("class-load.log");
		assertThat(startAndExit(second,
				List.of(AOT_CACHE ? "-XX:AOTMode=on" : "-Xshare:on", "-Xlog:class+load=info:file=" + classLog)))
			.isZero();
		// Dynamic CDS maps the recording on top of the JDK's own archive; the AOT cache
		// replaces that one.
		String source = AOT_CACHE ? "shared objects file" : "shared objects file (top)";
		long fromTheArchive = Files.readAllLines(classLog, StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> line.contains("org.springframework") && line.contains(source))
			.count();
		// Thousands of Spring classes come from the recorded archive.
		assertThat(fromTheArchive).isGreaterThan(1000);
	}

	@Test
	void aServiceKilledWhileRecordingLeavesNoArchive() throws Exception {
		Path jar = Files.copy(ServiceJars.jar("gateway-service"), this.directory.resolve("gateway-service.jar"));
		ClassDataSharing sharing = ClassDataSharing.prepare("gateway-service", jar, JAVA);
		assertThat(sharing).isNotNull();
		// What a JVM killed in the middle of writing its recording leaves.
		Files.write(sharing.recording(), new byte[] { 1, 2, 3 });
		// And JDK 25's training data, from which the JVM builds its AOT cache as it
		// stops.
		Files.write(sharing.trainingData(), new byte[] { 4, 5, 6 });
		sharing.keepRecording(false);
		assertThat(sharing.recording()).doesNotExist();
		assertThat(sharing.trainingData()).doesNotExist();
		assertThat(sharing.archive()).doesNotExist();
		assertThat(ClassDataSharing.prepare("gateway-service", jar, JAVA).usesArchive()).isFalse();
	}

	@Test
	void aNewBuildOfTheServiceForgetsTheExtractedJarOfTheOldOne() throws Exception {
		Path jar = Files.copy(ServiceJars.jar("gateway-service"), this.directory.resolve("gateway-service.jar"));
		ClassDataSharing old = ClassDataSharing.prepare("gateway-service", jar, JAVA);
		assertThat(old).isNotNull();
		Path oldBuild = old.archive().getParent();
		assertThat(oldBuild).isDirectory();

		// Other bytes under the same name: what the next build copies in.
		Files.copy(ServiceJars.jar("local-issuer"), jar, StandardCopyOption.REPLACE_EXISTING);
		ClassDataSharing rebuilt = ClassDataSharing.prepare("gateway-service", jar, JAVA);
		assertThat(rebuilt).isNotNull();

		assertThat(rebuilt.archive().getParent()).isNotEqualTo(oldBuild).isDirectory();
		assertThat(oldBuild).doesNotExist();
	}

	/**
	 * Starts the gateway, which needs no other server to refresh its context, and exits.
	 */
	private int startAndExit(ClassDataSharing sharing, List<String> options) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-Xmx256m", "-XX:+UseSerialGC"));
		command.addAll(options);
		command.add("-Dspring.context.exit=onRefresh");
		command.addAll(sharing.jvmArguments());
		command.add("--server.port=0");
		// Its own client-credentials secret has no default (issue #12); refreshing never
		// calls the issuer.
		command.add("--files.gateway.identity.client-secret=unused");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("gateway.log").toFile())
			.start();
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the gateway exits after its refresh").isTrue();
		return process.exitValue();
	}

}
