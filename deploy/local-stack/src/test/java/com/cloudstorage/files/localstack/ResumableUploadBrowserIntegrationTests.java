package com.cloudstorage.files.localstack;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.cloudstorage.files.localstack.WebUiBrowserIntegrationTests.Browser;
import com.cloudstorage.files.testsupport.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.randomBytes;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large file in the web UI (issue #11): it goes part by part through a proxied upload
 * session; the network is cut in the middle with Chromium's own network emulation
 * (DevTools {@code Network.emulateNetworkConditions}), the page shows it paused, and when
 * the network returns it resumes from the parts the server holds and completes. The bytes
 * are read back from the bucket with a plain S3 client. And a page reload in the middle:
 * the same file chosen again resumes the interrupted session.
 */
class ResumableUploadBrowserIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MIB = 1024 * 1024;

	/**
	 * Three parts at metadata-service's default 8 MiB part size, above the UI's 8 MiB
	 * threshold.
	 */
	private static final int SIZE = 24 * MIB + 12_345;

	/**
	 * Slow enough that the network is cut while a part is on the way (about 12 s in all),
	 * however fast the machine.
	 */
	private static final int THROTTLED_BYTES_PER_SECOND = 2 * MIB;

	static LaunchedStack stack;

	static Browser user;

	static S3Client s3;

	@BeforeAll
	static void start() throws Exception {
		Assumptions.assumeTrue(
				Files.isExecutable(WebUiBrowserIntegrationTests.CHROMIUM)
						&& Files.isExecutable(WebUiBrowserIntegrationTests.CHROMEDRIVER),
				"Debian chromium and chromium-driver are needed (.ci/run installs them)");
		stack = SharedStack.get();
		Files.createDirectories(WebUiBrowserIntegrationTests.SCREENSHOTS);
		s3 = TestClients.s3(stack.s3Endpoint(), StackSettings.S3_ACCESS_KEY, StackSettings.S3_SECRET_KEY);
	}

	/** A fresh browser (profile, storage) for each test. */
	@BeforeEach
	void openBrowser() throws Exception {
		user = new Browser();
	}

	@AfterEach
	void closeBrowser() {
		if (user != null) {
			user.close();
			user = null;
		}
	}

	@AfterAll
	static void stop() {
		if (s3 != null) {
			s3.close();
		}
	}

	@Test
	void aLargeUploadPausesWhileTheNetworkIsDownAndCompletesWhenItReturns(@TempDir Path folder) throws Exception {
		byte[] bytes = randomBytes(SIZE);
		Path file = folder.resolve("Site survey.bin");
		Files.write(file, bytes);
		signIn();

		network(false, THROTTLED_BYTES_PER_SECOND);
		user.click(By.id("add-file"));
		user.driver.findElement(By.id("file-input")).sendKeys(file.toString());
		user.click(By.id("start-upload"));
		WebElement row = user.driver.findElement(By.cssSelector("#upload-list li"));
		WebElement bar = row.findElement(By.tagName("progress"));
		// Into the second part: the first one is stored, the second on its way.
		new WebDriverWait(user.driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(50))
			.until((driver) -> progress(bar) > 0.40);

		network(true, -1);
		user.wait.until(ExpectedConditions.attributeToBe(row, "data-state", "paused"));
		assertThat(row.getText()).contains("Paused, reconnecting…");
		double pausedAt = progress(bar);
		assertThat(pausedAt).isLessThan(1.0);
		user.screenshot("09-upload-paused");
		// Still offline a while later: still paused, neither failed nor done.
		Thread.sleep(3000);
		assertThat(row.getDomAttribute("data-state")).isEqualTo("paused");

		network(false, -1);
		new WebDriverWait(user.driver, Duration.ofSeconds(180))
			.until(ExpectedConditions.textToBePresentInElement(row, "Uploaded"));
		assertThat(row.getDomAttribute("data-state")).isEqualTo("uploaded");
		assertThat(progress(bar)).isEqualTo(1.0);
		// It asked the server which parts it held and went on from there: at least the
		// first (stored before the cut), not all three.
		assertThat(Integer.parseInt(row.getDomAttribute("data-parts-stored"))).isBetween(1, 2);
		user.screenshot("10-upload-resumed");

		String token = stack.token("alice", "alice-secret");
		JsonNode listed = api(token, "/api/v1/files?q=" + "Site%20survey");
		JsonNode item = null;
		for (JsonNode candidate : listed.get("items")) {
			if (candidate.get("name").asString().equals("Site survey.bin")) {
				item = candidate;
			}
		}
		assertThat(item).as("the uploaded file is listed").isNotNull();
		String fileId = item.get("id").asString();
		JsonNode stored = api(token, "/api/v1/files/" + fileId);
		assertThat(stored.get("status").asString()).isEqualTo("AVAILABLE");
		assertThat(stored.get("size").asLong()).isEqualTo(SIZE);
		assertThat(stored.get("sha256").asString()).isEqualTo(sha256(bytes));
		byte[] inBucket = s3
			.getObject((r) -> r.bucket(StackSettings.BUCKET).key("files/" + fileId), ResponseTransformer.toBytes())
			.asByteArray();
		assertThat(sha256(inBucket)).isEqualTo(sha256(bytes));
	}

	/**
	 * A page reload in the middle of a large upload: the browser forgets everything but
	 * what the page kept in localStorage (the session, under the file's name, size and
	 * last change). The same file chosen again is offered for resuming, goes on from the
	 * parts the server holds and completes as one file with the right SHA-256; nothing
	 * stays remembered.
	 */
	@Test
	void aLargeUploadInterruptedByAPageReloadResumesWhenTheSameFileIsChosenAgain(@TempDir Path folder)
			throws Exception {
		byte[] bytes = new byte[SIZE];
		new Random(23).nextBytes(bytes);
		Path file = folder.resolve("Drone footage.bin");
		Files.write(file, bytes);
		signIn();

		network(false, THROTTLED_BYTES_PER_SECOND);
		user.click(By.id("add-file"));
		user.driver.findElement(By.id("file-input")).sendKeys(file.toString());
		assertThat(user.driver.findElements(By.cssSelector("#upload-list li[data-resumable]")))
			.as("nothing to resume the first time")
			.isEmpty();
		user.click(By.id("start-upload"));
		WebElement bar = user.driver.findElement(By.cssSelector("#upload-list li progress"));
		// Into the second part: the first one is stored, the second on its way.
		new WebDriverWait(user.driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(50))
			.until((driver) -> progress(bar) > 0.40);

		user.driver.navigate().refresh();
		network(false, -1);
		user.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "alice"));
		user.click(By.id("add-file"));
		user.driver.findElement(By.id("file-input")).sendKeys(file.toString());
		WebElement row = user.driver.findElement(By.cssSelector("#upload-list li"));
		assertThat(row.getDomAttribute("data-resumable")).isEqualTo("true");
		assertThat(row.getText()).contains("Resume the interrupted upload of this file");
		assertThat(row.findElement(By.cssSelector("input.resume")).isSelected()).isTrue();
		user.screenshot("11-upload-resume-offered");
		user.click(By.id("start-upload"));
		new WebDriverWait(user.driver, Duration.ofSeconds(180))
			.until(ExpectedConditions.textToBePresentInElement(row, "Uploaded"));
		assertThat(row.getDomAttribute("data-state")).isEqualTo("uploaded");
		// Went on from the parts the server held: at least the first, not all three.
		assertThat(Integer.parseInt(row.getDomAttribute("data-resumed-with"))).isBetween(1, 2);
		assertThat(((JavascriptExecutor) user.driver).executeScript(
				"return Object.keys(localStorage).filter((k) => k.startsWith('cloudstorage.upload.')).length"))
			.as("remembered uploads after completion")
			.isEqualTo(0L);

		String token = stack.token("alice", "alice-secret");
		List<JsonNode> items = new ArrayList<>();
		for (JsonNode candidate : api(token, "/api/v1/files?q=" + "Drone%20footage").get("items")) {
			if (candidate.get("name").asString().equals("Drone footage.bin")) {
				items.add(candidate);
			}
		}
		assertThat(items).as("one file, not one per attempt").hasSize(1);
		String fileId = items.get(0).get("id").asString();
		JsonNode stored = api(token, "/api/v1/files/" + fileId);
		assertThat(stored.get("status").asString()).isEqualTo("AVAILABLE");
		assertThat(stored.get("size").asLong()).isEqualTo(SIZE);
		assertThat(stored.get("sha256").asString()).isEqualTo(sha256(bytes));
		byte[] inBucket = s3
			.getObject((r) -> r.bucket(StackSettings.BUCKET).key("files/" + fileId), ResponseTransformer.toBytes())
			.asByteArray();
		assertThat(sha256(inBucket)).isEqualTo(sha256(bytes));
	}

	private static void signIn() {
		user.driver.get(stack.gatewayUrl().toString());
		user.click(By.id("sign-in"));
		user.wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
		user.driver.findElement(By.name("username")).sendKeys("alice");
		user.driver.findElement(By.name("password")).sendKeys("alice-password");
		user.driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
		user.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "alice"));
	}

	/** Chromium's DevTools network emulation for this tab; -1 is no throttling. */
	private static void network(boolean offline, int uploadBytesPerSecond) {
		HasCdp cdp = (HasCdp) user.driver;
		cdp.executeCdpCommand("Network.enable", Map.of());
		cdp.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
				"downloadThroughput", -1, "uploadThroughput", uploadBytesPerSecond));
	}

	private static double progress(WebElement bar) {
		return Double.parseDouble(bar.getDomProperty("value"));
	}

	private static JsonNode api(String token, String path) throws Exception {
		HttpResponse<String> response = WebUiBrowserIntegrationTests.HTTP
			.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
				.header("Authorization", "Bearer " + token)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

}
