package com.cloudstorage.files.localstack;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher ({@code ./run-local}) as a real process: it says "running" only when every
 * service is, and a service that cannot start takes the whole stack down with its name
 * and the end of its log.
 */
class LauncherIntegrationTests {

	private static final List<String> SERVICES = List.of("local-issuer", "metadata-service", "storage-service",
			"share-link-service", "gateway-service");

	@Test
	void uploadThroughTheGatewaySucceedsTheMomentItsHealthIsUp() throws Exception {
		SharedStack.get();
		HttpResponse<String> upload = SharedStack.firstUploadAfterHealthUp().get(2, TimeUnit.MINUTES);
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
	}

	@Test
	void announcesRunningOnlyAfterEveryServiceIsReadyAndTheGatewayOnlyAfterItsBackends() throws Exception {
		List<String> lines = SharedStack.get().launcher.lines();
		int running = indexOf(lines, "Cloud Storage is running");
		for (String service : SERVICES) {
			assertThat(indexOf(lines, service + " ")).as("%s announced as starting", service).isGreaterThanOrEqualTo(0);
			assertThat(indexOf(lines, readyLine(service))).as("%s ready before 'running'", service)
				.isBetween(0, running);
		}
		// Launched without waiting for them, the gateway reports ready only once they
		// have.
		int gatewayReady = indexOf(lines, readyLine("gateway-service"));
		for (String backend : List.of("metadata-service", "storage-service", "share-link-service")) {
			assertThat(indexOf(lines, readyLine(backend))).as("%s ready before the gateway", backend)
				.isLessThan(gatewayReady);
		}
	}

	@Test
	void portTakenByAnotherProcessNamesTheServiceAndStartsNothing(@TempDir Path data) throws Exception {
		Map<String, Integer> ports = LaunchedStack.freePorts();
		try (ServerSocket taken = new ServerSocket(ports.get("STORAGE_PORT"))) {
			LauncherProcess launcher = LauncherProcess.start("port-taken", data, LaunchedStack.testEnvironment(ports));
			try {
				assertThat(launcher.awaitExit(Duration.ofMinutes(2))).as(launcher.output()).isEqualTo(1);
				assertThat(launcher.everyDescendant()).noneMatch(ProcessHandle::isAlive);
			}
			finally {
				launcher.close();
			}
			assertThat(launcher.output())
				.contains("storage-service cannot use port " + taken.getLocalPort()
						+ ": it is already in use by another process")
				.contains("set STORAGE_PORT")
				.doesNotContain("Cloud Storage is running");
		}
	}

	@Test
	void serviceThatExitsWhileStartingStopsEverythingAndShowsItsLog(@TempDir Path data) throws Exception {
		// Port 0: the launcher picks free ports itself.
		Map<String, Integer> anyPorts = Map.of("GATEWAY_PORT", 0, "ISSUER_PORT", 0, "METADATA_PORT", 0, "STORAGE_PORT",
				0, "SHARE_LINK_PORT", 0, "KAFKA_PORT", 0, "POSTGRES_PORT", 0, "S3_PORT", 0);
		LauncherProcess launcher = LauncherProcess.start("service-exits", data,
				LaunchedStack.testEnvironment(anyPorts));
		try {
			ProcessHandle storage = launcher.child("storage-service.jar", Duration.ofMinutes(15));
			// Killed once it has logged something, so there is a log tail to show.
			awaitLogLine(data.resolve("logs/storage-service.log"), "Starting StorageServiceApplication",
					Duration.ofMinutes(10));
			storage.destroyForcibly();
			assertThat(launcher.awaitExit(Duration.ofMinutes(3))).as(launcher.output()).isEqualTo(1);
			// Checked before close(), which would kill what is left.
			assertThat(launcher.everyDescendant()).hasSizeGreaterThan(3).noneMatch(ProcessHandle::isAlive);
		}
		finally {
			launcher.close();
		}
		String log = new String(Files.readAllBytes(data.resolve("logs/storage-service.log")), StandardCharsets.UTF_8);
		String lastLogLine = log.lines().filter((line) -> !line.isBlank()).reduce((a, b) -> b).orElseThrow();
		assertThat(launcher.output()).contains("The local stack did not start: storage-service exited with code")
			.contains("Last lines of the log of storage-service:")
			.contains("  | " + lastLogLine)
			.contains("Stopped everything that had started.")
			.doesNotContain("Cloud Storage is running");
	}

	private static void awaitLogLine(Path log, String text, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!Files.isRegularFile(log)
				|| !new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(text)) {
			assertThat(System.nanoTime()).as("'%s' in %s", text, log).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private static String readyLine(String service) {
		return String.format("%-20s ready after", service);
	}

	private static int indexOf(List<String> lines, String text) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

}
