package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.randomBytes;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real headless Chromium against the whole real stack: sign in through
 * the issuer's login form, upload with progress, download, share, reset, and the delete
 * rule. Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserIntegrationTests {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Path SCREENSHOTS = Path.of("target/screenshots");

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	static LaunchedStack stack;

	static Browser user;

	static Path upload;

	static byte[] bytes;

	static String fileUrl;

	static String firstLink;

	@TempDir
	static Path folder;

	@BeforeAll
	static void start() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Debian chromium and chromium-driver are needed (.ci/run installs them)");
		stack = SharedStack.get();
		Files.createDirectories(SCREENSHOTS);
		bytes = randomBytes(3 * 1024 * 1024 + 5);
		upload = folder.resolve("Quarterly report.pdf");
		Files.write(upload, bytes);
		user = new Browser();
	}

	@AfterAll
	static void stop() {
		if (user != null) {
			user.close();
		}
	}

	@Test
	@Order(1)
	void signsInWithTheIssuersLoginForm() {
		user.driver.get(stack.gatewayUrl().toString());
		user.screenshot("01-sign-in");
		user.click(By.id("sign-in"));
		user.wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
		user.driver.findElement(By.name("username")).sendKeys("alice");
		user.driver.findElement(By.name("password")).sendKeys("alice-password");
		user.screenshot("02-issuer-login");
		user.driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
		user.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "alice"));
		assertThat(user.driver.findElement(By.tagName("h1")).getText()).isEqualTo("File List");
	}

	@Test
	@Order(2)
	void uploadsWithProgressAndTheFileAppearsInTheList() {
		user.click(By.id("add-file"));
		user.driver.findElement(By.id("file-input")).sendKeys(upload.toString());
		user.driver.findElement(By.id("attach-type")).sendKeys("Sales Invoice");
		user.driver.findElement(By.id("attach-name")).sendKeys("INV-UI-1");
		user.click(By.id("start-upload"));
		user.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-list"), "Uploaded"));
		assertThat(user.driver.findElement(By.cssSelector("#upload-list progress")).getDomProperty("value"))
			.isEqualTo("1");
		user.screenshot("03-upload-dialog");
		user.click(By.id("close-upload"));
		WebElement row = user.wait.until(ExpectedConditions
			.presenceOfElementLocated(By.xpath("//table[@id='files']//a[text()='Quarterly report.pdf']")));
		assertThat(user.driver.findElement(By.id("files")).getText()).contains("Sales Invoice INV-UI-1")
			.contains("Private")
			.contains("3.0 MB");
		user.screenshot("04-file-list");
		row.click();
		user.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("file-name"), "Quarterly report.pdf"));
		fileUrl = user.driver.getCurrentUrl();
	}

	@Test
	@Order(3)
	void downloadReturnsTheSameBytes() throws Exception {
		String before = user.driver.getWindowHandle();
		user.click(By.id("download"));
		Path downloaded = user.awaitDownload("Quarterly report.pdf");
		assertThat(sha256(Files.readAllBytes(downloaded))).isEqualTo(sha256(bytes));
		for (String handle : user.driver.getWindowHandles()) {
			if (!handle.equals(before)) {
				user.driver.switchTo().window(handle).close();
			}
		}
		user.driver.switchTo().window(before);
	}

	@Test
	@Order(4)
	void aSharingLinkOpensInABrowserWithNoSession() throws Exception {
		assertThat(user.driver.findElements(By.id("reset-link"))).isEmpty();
		user.click(By.id("get-link"));
		firstLink = user.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("link-url")))
			.getDomProperty("value");
		assertThat(firstLink).startsWith(stack.gatewayUrl() + "/s/");
		user.screenshot("05-sharing-link");
		user.click(By.id("close-link"));
		assertThat(user.driver.findElement(By.id("sharing-link")).getText())
			.isEqualTo(firstLink.substring(firstLink.lastIndexOf('/') + 1));

		// Showing it again gives the same link.
		user.click(By.id("get-link"));
		assertThat(user.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("link-url")))
			.getDomProperty("value")).isEqualTo(firstLink);
		user.click(By.id("close-link"));

		try (Browser stranger = new Browser()) {
			stranger.driver.get(firstLink);
			Path downloaded = stranger.awaitDownload("Quarterly report.pdf");
			assertThat(sha256(Files.readAllBytes(downloaded))).isEqualTo(sha256(bytes));
		}
	}

	@Test
	@Order(5)
	void resetKillsTheOldLinkWhichThenShowsTheErrorPage() throws Exception {
		user.click(By.id("reset-link"));
		user.wait.until(ExpectedConditions.alertIsPresent()).accept();
		String newLink = user.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("link-url")))
			.getDomProperty("value");
		assertThat(newLink).isNotEqualTo(firstLink);
		user.click(By.id("close-link"));
		user.screenshot("06-file-page");

		try (Browser stranger = new Browser()) {
			stranger.driver.get(firstLink);
			assertThat(stranger.driver.findElement(By.tagName("h1")).getText())
				.isEqualTo("This file is no longer available");
			assertThat(stranger.driver.findElement(By.tagName("body")).getText())
				.contains("The link was reset or the file was deleted.");
			stranger.screenshot("07-link-error-page");
			stranger.driver.get(newLink);
			assertThat(sha256(Files.readAllBytes(stranger.awaitDownload("Quarterly report.pdf"))))
				.isEqualTo(sha256(bytes));
		}
	}

	@Test
	@Order(6)
	void deleteIsRefusedWhileAttachedToASubmittedDocumentAndWorksAfterDetaching() throws Exception {
		String token = stack.token("alice", "alice-secret");
		api(token, "PUT", "/api/v1/documents/Sales%20Invoice/INV-UI-1", "{\"status\":\"submitted\"}", 200);
		user.driver.navigate().refresh();
		user.click(By.id("delete"));
		user.wait.until(ExpectedConditions.alertIsPresent()).accept();
		user.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("file-message"), "cannot be deleted"));
		assertThat(user.driver.findElement(By.id("file-message")).getText()).contains("Sales Invoice INV-UI-1");
		user.screenshot("08-delete-refused");

		String fileId = fileUrl.substring(fileUrl.lastIndexOf('/') + 1);
		api(token, "DELETE", "/api/v1/files/" + fileId + "/attachments/Sales%20Invoice/INV-UI-1", null, 204);
		user.driver.navigate().refresh();
		user.click(By.id("delete"));
		user.wait.until(ExpectedConditions.alertIsPresent()).accept();
		user.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "File List"));
		user.wait.until(ExpectedConditions
			.invisibilityOfElementLocated(By.xpath("//table[@id='files']//a[text()='Quarterly report.pdf']")));
	}

	static void api(String token, String method, String path, String json, int expected) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(stack.gatewayUrl().resolve(path))
			.header("Authorization", "Bearer " + token);
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
	}

	/**
	 * One headless Chromium with its own profile and download folder: a person at their
	 * own computer.
	 */
	static final class Browser implements AutoCloseable {

		final Path profile;

		final Path downloads;

		final WebDriver driver;

		final WebDriverWait wait;

		Browser() throws IOException {
			this.profile = Files.createTempDirectory("chromium-profile");
			this.downloads = Files.createTempDirectory("chromium-downloads");
			System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
					"--window-size=1280,900", "--user-data-dir=" + this.profile);
			Map<String, Object> prefs = new HashMap<>();
			prefs.put("download.default_directory", this.downloads.toString());
			prefs.put("download.prompt_for_download", false);
			prefs.put("plugins.always_open_pdf_externally", true);
			options.setExperimentalOption("prefs", prefs);
			this.driver = new ChromeDriver(ChromeDriverService.createDefaultService(), options);
			this.wait = new WebDriverWait(this.driver, Duration.ofSeconds(20));
		}

		void click(By by) {
			this.wait.until(ExpectedConditions.elementToBeClickable(by)).click();
		}

		Path awaitDownload(String name) throws Exception {
			Path file = this.downloads.resolve(name);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				if (Files.exists(file) && !Files.exists(this.downloads.resolve(name + ".crdownload"))) {
					return file;
				}
				Thread.sleep(100);
			}
			try (Stream<Path> files = Files.list(this.downloads)) {
				throw new AssertionError("No download of " + name + "; found " + files.toList());
			}
		}

		void screenshot(String name) {
			try {
				Path png = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE).toPath();
				Files.copy(png, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		@Override
		public void close() {
			this.driver.quit();
			for (Path dir : List.of(this.profile, this.downloads)) {
				try (Stream<Path> files = Files.walk(dir)) {
					files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
				}
				catch (IOException ex) {
					// A temp folder left behind is harmless.
				}
			}
		}

	}

}
