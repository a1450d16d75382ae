package com.cloudstorage.files.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #11's row: a {@code direct} upload session (open, fetch the presigned part URLs,
 * PUT the parts straight to the S3 server with curl, several in flight, complete until
 * the file is AVAILABLE) against one presigned PUT of the same file to the same S3
 * server, round by round. The session's time is wall-clock from opening to the completed
 * answer, so it includes the API calls and completion (which assembles the parts and
 * reads the object back for its SHA-256); the baseline is curl's own total time.
 */
final class UploadSessionBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The most part URLs the gateway hands out per call. */
	private static final int URLS_PER_CALL = 100;

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final BenchStack stack;

	private final Path work;

	private final PresignedUrls direct;

	UploadSessionBenchmark(BenchStack stack, Path work) {
		this.stack = stack;
		this.work = work;
		this.direct = new PresignedUrls(stack.s3Endpoint());
	}

	void run(BenchSettings settings, Results results) throws Exception {
		long size = settings.sessionSize();
		Path payload = this.work.resolve("session-payload.bin");
		TransferBenchmark.writeRandomFile(payload, size);
		List<Map<String, Object>> rounds = new ArrayList<>();
		try {
			for (int round = 1; round <= settings.rounds(); round++) {
				Map<String, Object> measured = new LinkedHashMap<>();
				String key = "bench/session-baseline-" + size + "-" + round + "-" + System.nanoTime();
				Path answer = this.work.resolve("answer.json");
				measured.put("directPut", TransferBenchmark
					.timed(() -> Curl.upload("PUT", this.direct.put(key), payload, null, answer), 200, size));
				S3Objects.delete(this.stack.s3Endpoint(), key);
				measured.put("directSession", session(payload, size, settings.sessionParallelParts()));
				rounds.add(measured);
				System.out.printf("%,6.0f MiB upload session round %d: %s%n", size / (double) BenchSettings.MIB, round,
						measured);
			}
		}
		finally {
			Files.deleteIfExists(payload);
		}
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("sizeBytes", size);
		section.put("partsInFlight", settings.sessionParallelParts());
		section.put("rounds", rounds);
		double direct = TransferBenchmark.medianMiBps(rounds, "directPut");
		double session = TransferBenchmark.medianMiBps(rounds, "directSession");
		section.put("medians", Map.of("directPutMiBps", direct, "directSessionMiBps", session));
		results.section("uploadSessions", section);
		double ratio = session / direct;
		String measured = Double.isNaN(session) ? "no session completed: " + firstError(rounds)
				: String.format("%.0f MiB/s", session);
		results.figure(new Figure("direct-mode upload session " + TransferBenchmark.mib(size) + " (presigned parts, "
				+ settings.sessionParallelParts() + " in flight, curl; open → AVAILABLE) ÷ a direct presigned PUT",
				measured, String.format("%.0f MiB/s direct", direct), ratio, "≥ 0.95", ratio >= 0.95));
	}

	/**
	 * One whole session; a failure is a result with its reason. The parts are cut from
	 * the payload before the clock starts (curl sends a file, not a range of one).
	 */
	private Map<String, Object> session(Path payload, long size, int inFlight) {
		Map<String, Object> result = new LinkedHashMap<>();
		Path partsFolder = this.work.resolve("session-parts");
		String fileId = null;
		long started = System.nanoTime();
		long cutNanos = 0;
		try {
			String token = this.stack.token();
			started = System.nanoTime();
			JsonNode opened = call(token, "POST", "/api/v1/uploads", JSON.writeValueAsString(Map.of("name",
					"session.bin", "size", size, "contentType", "application/octet-stream", "mode", "direct")), 201);
			long openedAt = System.nanoTime();
			String id = opened.get("id").asString();
			fileId = opened.get("fileId").asString();
			long partSize = opened.get("partSize").asLong();
			int partCount = opened.get("partCount").asInt();
			// Not timed: cutting the file into part files (a browser or SDK reads
			// slices).
			long cutFrom = System.nanoTime();
			List<Path> parts = cut(payload, partsFolder, partSize, partCount);
			cutNanos = System.nanoTime() - cutFrom;
			result.put("parts", partCount);
			result.put("openSeconds", (openedAt - started) / 1e9);

			List<JsonNode> urls = new ArrayList<>();
			for (int first = 1; first <= partCount; first += URLS_PER_CALL) {
				JsonNode page = call(token, "POST",
						"/api/v1/uploads/" + id + "/part-urls?first=" + first + "&count=" + URLS_PER_CALL, null, 200);
				page.get("urls").forEach(urls::add);
			}
			long urlsAt = System.nanoTime() - cutNanos;
			result.put("partUrlsSeconds", (urlsAt - openedAt) / 1e9);
			ExecutorService pool = Executors.newFixedThreadPool(inFlight);
			try {
				List<Future<Curl.Transfer>> puts = new ArrayList<>();
				for (JsonNode url : urls) {
					Path part = parts.get(url.get("partNumber").asInt() - 1);
					puts.add(pool.submit(() -> Curl.upload("PUT", url.get("url").asString(), part, null,
							part.resolveSibling(part.getFileName() + ".answer"))));
				}
				for (int i = 0; i < puts.size(); i++) {
					Curl.Transfer put = puts.get(i).get();
					if (put.status() != 200) {
						throw new IllegalStateException("Part " + urls.get(i).get("partNumber").asInt() + ": HTTP "
								+ put.status() + " " + put.body());
					}
				}
			}
			finally {
				pool.shutdownNow();
			}
			long partsAt = System.nanoTime() - cutNanos;
			result.put("partsSeconds", (partsAt - urlsAt) / 1e9);
			result.put("partsMiBps", size / (double) BenchSettings.MIB / ((partsAt - urlsAt) / 1e9));
			JsonNode file = call(token, "POST", "/api/v1/uploads/" + id + "/complete", null, 201);
			long completedAt = System.nanoTime() - cutNanos;
			if (!"AVAILABLE".equals(file.get("status").asString()) || file.get("size").asLong() != size) {
				throw new IllegalStateException("The completed file is " + file.get("status").asString() + " with "
						+ file.get("size").asLong() + " bytes");
			}
			double seconds = (completedAt - started) / 1e9;
			result.put("completeSeconds", (completedAt - partsAt) / 1e9);
			result.put("seconds", seconds);
			result.put("MiBps", size / (double) BenchSettings.MIB / seconds);
			// Not in the ratio: a direct session without an announced SHA-256 is
			// AVAILABLE at once, and its SHA-256 (with FileUploaded) follows once
			// storage-service has read the bytes back.
			result.put("sha256KnownAfterCompleteSeconds", sha256Known(token, fileId, completedAt + cutNanos));
		}
		catch (Exception ex) {
			// The phases that finished stay in the result, with when and why it failed.
			result.put("failedAfterSeconds", (System.nanoTime() - started - cutNanos) / 1e9);
			result.put("error", ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		finally {
			deleteQuietly(partsFolder);
			if (fileId != null) {
				try {
					this.stack.delete(this.stack.token(), fileId);
				}
				catch (IOException | InterruptedException ex) {
					// A file left in a throwaway stack is harmless.
				}
			}
		}
		return result;
	}

	/**
	 * Seconds from the completion's answer until the file shows its SHA-256 (polled every
	 * 100 ms, 10 min at most; -1 when it never did).
	 */
	private double sha256Known(String token, String fileId, long completedAt) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (System.nanoTime() < deadline) {
			JsonNode file = call(token, "GET", "/api/v1/files/" + fileId, null, 200);
			if (file.hasNonNull("sha256")) {
				return (System.nanoTime() - completedAt) / 1e9;
			}
			Thread.sleep(100);
		}
		return -1;
	}

	private JsonNode call(String token, String method, String path, String json, int expected)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.stack.gatewayUrl() + path))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/json");
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != expected) {
			// A problem document: no URL or token in it.
			throw new IllegalStateException(method + " " + path.replaceAll("\\?.*", "") + ": HTTP "
					+ response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body());
	}

	static List<Path> cut(Path payload, Path folder, long partSize, int partCount) throws IOException {
		Files.createDirectories(folder);
		List<Path> parts = new ArrayList<>();
		byte[] buffer = new byte[1 << 20];
		try (InputStream in = Files.newInputStream(payload)) {
			for (int number = 1; number <= partCount; number++) {
				Path part = folder.resolve("part-" + number);
				long left = partSize;
				try (OutputStream out = Files.newOutputStream(part)) {
					while (left > 0) {
						int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
						if (read < 0) {
							break;
						}
						out.write(buffer, 0, read);
						left -= read;
					}
				}
				parts.add(part);
			}
		}
		return parts;
	}

	private static void deleteQuietly(Path folder) {
		try (var files = Files.list(folder)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(folder);
		}
		catch (IOException ex) {
			// The whole work folder goes at the end of the run.
		}
	}

	@SuppressWarnings("unchecked")
	static String firstError(List<Map<String, Object>> rounds) {
		for (Map<String, Object> round : rounds) {
			Map<String, Object> session = (Map<String, Object>) round.get("directSession");
			if (session.get("error") instanceof String error) {
				int http = error.indexOf(": HTTP ");
				String step = (http < 0) ? error
						: error.substring(error.indexOf(' ') + 1, Math.min(error.length(), http + 10))
							.replaceAll("[0-9a-f-]{36}", "{id}");
				Matcher code = Pattern.compile("\"code\":\"([A-Za-z]+)\"").matcher(error);
				return String.format("%s after %.0f s%s", step, session.get("failedAfterSeconds"),
						code.find() ? " " + code.group(1) : "");
			}
		}
		return "see results.json";
	}

}
