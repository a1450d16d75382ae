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

import com.cloudstorage.files.localstack.StackSettings;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #11's row: a {@code direct} upload session (open, fetch the presigned part URLs,
 * PUT the parts straight to the S3 server with curl, several in flight, complete until
 * the file is AVAILABLE) against two baselines on the same S3 server, round by round: one
 * presigned PUT of the same file (the ratio), and a plain S3 multipart upload of
 * the same parts with the same tool and parallelism (create, presigned parts, complete;
 * what is left between it and the session is the services' own overhead). The session's
 * time is wall-clock from opening to the completed answer, so it includes the API calls
 * and completion (which joins the parts and checks the object); the PUT's is curl's own
 * total time, the plain multipart upload's wall-clock from create to completed.
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
		Map<String, Object> warmUp;
		try {
			warmUp = warmUp(settings.sessionParallelParts());
			for (int round = 1; round <= settings.rounds(); round++) {
				Map<String, Object> measured = new LinkedHashMap<>();
				String key = "bench/session-baseline-" + size + "-" + round + "-" + System.nanoTime();
				Path answer = this.work.resolve("answer.json");
				settle();
				measured.put("directPut", TransferBenchmark
					.timed(() -> Curl.upload("PUT", this.direct.put(key), payload, null, answer), 200, size));
				S3Objects.delete(this.stack.s3Endpoint(), key);
				Map<String, Object> session = session(payload, size, settings.sessionParallelParts());
				measured.put("directSession", session);
				// The session's own part size, so both upload the same parts.
				measured.put("plainMultipart",
						(session.get("partSize") instanceof Long partSize)
								? plainMultipart(payload, size, partSize, settings.sessionParallelParts())
								: Map.of("error", "no part size: the session did not open"));
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
		section.put("warmUpSession", warmUp);
		section.put("rounds", rounds);
		double direct = TransferBenchmark.medianMiBps(rounds, "directPut");
		double plain = TransferBenchmark.medianMiBps(rounds, "plainMultipart");
		double session = TransferBenchmark.medianMiBps(rounds, "directSession");
		double ratio = session / direct;
		double overPlain = session / plain;
		Map<String, Object> medians = new LinkedHashMap<>();
		medians.put("directPutMiBps", direct);
		medians.put("plainMultipartMiBps", plain);
		medians.put("directSessionMiBps", session);
		section.put("medians", medians);
		section.put("ratios", Map.of("sessionOverDirectPut", ratio, "sessionOverPlainMultipart", overPlain));
		results.section("uploadSessions", section);
		String measured = Double.isNaN(session) ? "no session completed: " + firstError(rounds)
				: String.format("%.0f MiB/s", session);
		results.figure(new Figure("direct-mode upload session " + TransferBenchmark.mib(size) + " (presigned parts, "
				+ settings.sessionParallelParts() + " in flight, curl; open → AVAILABLE) ÷ a direct presigned PUT",
				measured,
				String.format("%.0f MiB/s direct; plain S3 multipart of the same parts %.0f MiB/s (session ÷ it: %.2f)",
						direct, plain, overPlain),
				ratio, "≥ 0.95", ratio >= 0.95));
	}

	/**
	 * One small session before the rounds, not counted: the first session of a fresh
	 * stack loads and compiles every hop's code for it (in a quiet run round 1 opened in
	 * 0.35 s, round 2 in 0.04 s), which the other rows leave to their warm-up too. Its
	 * timings go to results.json.
	 */
	private Map<String, Object> warmUp(int inFlight) throws IOException {
		Path payload = this.work.resolve("session-warm-up.bin");
		long size = 9 * BenchSettings.MIB;
		TransferBenchmark.writeRandomFile(payload, size);
		try {
			return session(payload, size, inFlight);
		}
		finally {
			Files.deleteIfExists(payload);
		}
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
			settle();
			started = System.nanoTime();
			JsonNode opened = call(token, "POST", "/api/v1/uploads", JSON.writeValueAsString(Map.of("name",
					"session.bin", "size", size, "contentType", "application/octet-stream", "mode", "direct")), 201);
			long openedAt = System.nanoTime();
			String id = opened.get("id").asString();
			fileId = opened.get("fileId").asString();
			long partSize = opened.get("partSize").asLong();
			int partCount = opened.get("partCount").asInt();
			result.put("partSize", partSize);
			// Not timed: cutting the file into part files (a browser or SDK reads
			// slices).
			long cutFrom = System.nanoTime();
			List<Path> parts = cut(payload, partsFolder, partSize, partCount);
			settle();
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
	 * The baseline without any service: a plain S3 multipart upload of the same parts to
	 * the same server, timed phase by phase like the session (create, presign the part
	 * URLs here, PUT the parts with curl as many in flight, complete with their ETags). A
	 * failure is a result with its reason.
	 */
	private Map<String, Object> plainMultipart(Path payload, long size, long partSize, int inFlight) {
		Map<String, Object> result = new LinkedHashMap<>();
		Path partsFolder = this.work.resolve("plain-parts");
		String key = "bench/session-plain-" + size + "-" + System.nanoTime();
		String uploadId = null;
		boolean completed = false;
		long started = System.nanoTime();
		try (S3Client s3 = S3Objects.client(this.stack.s3Endpoint())) {
			int partCount = (int) ((size + partSize - 1) / partSize);
			List<Path> parts = cut(payload, partsFolder, partSize, partCount);
			result.put("parts", partCount);
			settle();
			started = System.nanoTime();
			uploadId = s3.createMultipartUpload((r) -> r.bucket(StackSettings.BUCKET).key(key)).uploadId();
			long createdAt = System.nanoTime();
			result.put("createSeconds", (createdAt - started) / 1e9);
			List<String> urls = new ArrayList<>(partCount);
			for (int number = 1; number <= partCount; number++) {
				urls.add(this.direct.uploadPart(key, uploadId, number, Files.size(parts.get(number - 1))));
			}
			long urlsAt = System.nanoTime();
			result.put("partUrlsSeconds", (urlsAt - createdAt) / 1e9);
			List<CompletedPart> completedParts = new ArrayList<>(partCount);
			ExecutorService pool = Executors.newFixedThreadPool(inFlight);
			try {
				List<Future<Curl.Transfer>> puts = new ArrayList<>();
				for (int i = 0; i < partCount; i++) {
					String url = urls.get(i);
					Path part = parts.get(i);
					puts.add(pool.submit(() -> Curl.uploadPart(url, part)));
				}
				for (int i = 0; i < puts.size(); i++) {
					Curl.Transfer put = puts.get(i).get();
					if (put.status() != 200 || put.etag() == null) {
						throw new IllegalStateException("Part " + (i + 1) + ": HTTP " + put.status() + ", ETag "
								+ put.etag() + " " + put.body());
					}
					completedParts.add(CompletedPart.builder().partNumber(i + 1).eTag(put.etag()).build());
				}
			}
			finally {
				pool.shutdownNow();
			}
			long partsAt = System.nanoTime();
			result.put("partsSeconds", (partsAt - urlsAt) / 1e9);
			result.put("partsMiBps", size / (double) BenchSettings.MIB / ((partsAt - urlsAt) / 1e9));
			String id = uploadId;
			// Not in the baseline's time (it has the ETags from the PUTs): what listing
			// the parts costs on this server, which storage-service does before it
			// joins them.
			int listed = 0;
			for (var page : s3.listPartsPaginator((r) -> r.bucket(StackSettings.BUCKET).key(key).uploadId(id))) {
				listed += page.parts().size();
			}
			long listNanos = System.nanoTime() - partsAt;
			result.put("listPartsSecondsNotCounted", listNanos / 1e9);
			result.put("listedParts", listed);
			long completeFrom = System.nanoTime();
			s3.completeMultipartUpload((r) -> r.bucket(StackSettings.BUCKET)
				.key(key)
				.uploadId(id)
				.multipartUpload((m) -> m.parts(completedParts)));
			completed = true;
			long completedAt = System.nanoTime();
			double seconds = (completedAt - started - listNanos) / 1e9;
			result.put("completeSeconds", (completedAt - completeFrom) / 1e9);
			result.put("seconds", seconds);
			result.put("MiBps", size / (double) BenchSettings.MIB / seconds);
			long stored = s3.headObject((r) -> r.bucket(StackSettings.BUCKET).key(key)).contentLength();
			if (stored != size) {
				throw new IllegalStateException("The joined object has " + stored + " bytes");
			}
		}
		catch (Exception ex) {
			result.put("failedAfterSeconds", (System.nanoTime() - started) / 1e9);
			result.put("error", ex.getClass().getSimpleName() + ": " + ex.getMessage());
			result.remove("MiBps");
		}
		finally {
			deleteQuietly(partsFolder);
			removeQuietly(key, completed ? null : uploadId);
		}
		return result;
	}

	/** Removes the baseline's object, or aborts its upload when it never completed. */
	private void removeQuietly(String key, String openUploadId) {
		try (S3Client s3 = S3Objects.client(this.stack.s3Endpoint())) {
			if (openUploadId != null) {
				s3.abortMultipartUpload((r) -> r.bucket(StackSettings.BUCKET).key(key).uploadId(openUploadId));
			}
			s3.deleteObject((r) -> r.bucket(StackSettings.BUCKET).key(key));
		}
		catch (RuntimeException ex) {
			// A leftover in a throwaway stack is harmless.
		}
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

	/**
	 * Writes the page cache's dirty pages out before a path's clock starts (not timed):
	 * each path writes 1 GiB, and without it the next path would pay for the previous
	 * one's writeback (the plain multipart upload, which runs after the wait for the
	 * session's SHA-256, would pay less than the session right after the direct PUT).
	 */
	static void settle() throws IOException, InterruptedException {
		Process sync = new ProcessBuilder("sync").redirectErrorStream(true).start();
		sync.getInputStream().readAllBytes();
		sync.waitFor();
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
