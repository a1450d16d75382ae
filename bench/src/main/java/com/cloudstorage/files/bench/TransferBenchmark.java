package com.cloudstorage.files.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

/**
 * Throughput against file size, with curl on every path: a direct presigned PUT/GET to
 * the S3 server against an upload through the gateway and a streamed download
 * ({@code ?mode=stream}) of the same size, round by round. The same presigned PUT and GET
 * also go through two bare relays in a row ({@link Relays}): the shape of our path with
 * none of our work in it.
 */
final class TransferBenchmark {

	/** Every path measured, in the order of a round and of {@code transfers.dat}. */
	static final List<String> PATHS = List.of("directPut", "gatewayUpload", "directGet", "gatewayStream", "relayPut",
			"relayGet");

	private final BenchStack stack;

	private final Path work;

	private final PresignedUrls direct;

	private final Relays relays;

	TransferBenchmark(BenchStack stack, Path work, Relays relays) {
		this.stack = stack;
		this.work = work;
		this.direct = new PresignedUrls(stack.s3Endpoint());
		this.relays = relays;
	}

	/**
	 * Two bare relays in a row in front of the S3 server, as the gateway and
	 * storage-service are.
	 *
	 * @param url the first relay's {@code /relay} base; a presigned URL's path and query
	 * go after it
	 * @param firstPid the first relay's process, for its CPU time
	 * @param secondPid the second relay's process
	 */
	record Relays(String url, long firstPid, long secondPid) {

		String through(String presigned) {
			URI uri = URI.create(presigned);
			return this.url + uri.getRawPath() + "?" + uri.getRawQuery();
		}

	}

	/**
	 * Every size, every round; adds the upload and download figures at the largest size.
	 */
	void run(BenchSettings settings, Results results) throws Exception {
		List<Map<String, Object>> bySize = new ArrayList<>();
		for (long size : settings.sizes()) {
			Path payload = this.work.resolve("payload-" + size + ".bin");
			String sha256 = writeRandomFile(payload, size);
			List<Map<String, Object>> rounds = new ArrayList<>();
			try {
				for (int round = 1; round <= settings.rounds(); round++) {
					Map<String, Object> measured = round(payload, size, sha256, round);
					rounds.add(measured);
					System.out.printf("%,6.0f MiB round %d: %s%n", size / (double) BenchSettings.MIB, round, measured);
				}
			}
			finally {
				Files.deleteIfExists(payload);
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("sizeBytes", size);
			entry.put("rounds", rounds);
			Map<String, Object> medians = new LinkedHashMap<>();
			for (String path : PATHS) {
				medians.put(path + "MiBps", medianMiBps(rounds, path));
				medians.put(path + "CpuSecondsPerGiB", medianCpu(rounds, path));
			}
			entry.put("medians", medians);
			bySize.add(entry);
		}
		results.section("transfers", bySize);

		Map<String, Object> largest = bySize.get(bySize.size() - 1);
		@SuppressWarnings("unchecked")
		Map<String, Object> medians = (Map<String, Object>) largest.get("medians");
		String size = mib((long) largest.get("sizeBytes"));
		figures(results, medians, size, "upload " + size + " through the gateway ÷ a direct presigned PUT (curl both)",
				"gatewayUpload", "directPut", "relayPut", 0.80);
		figures(results, medians, size, "streamed download " + size + " (`?mode=stream`) ÷ a direct presigned GET",
				"gatewayStream", "directGet", "relayGet", 0.85);
	}

	/**
	 * The row with its target, and the context row of the two bare relays on the same
	 * transfer.
	 */
	private static void figures(Results results, Map<String, Object> medians, String size, String path,
			String gatewayPath, String directPath, String relayPath, double target) {
		double direct = (double) medians.get(directPath + "MiBps");
		double gateway = (double) medians.get(gatewayPath + "MiBps");
		double relayed = (double) medians.get(relayPath + "MiBps");
		double ratio = gateway / direct;
		String directText = String.format("%.0f MiB/s direct%s", direct,
				cpuText(medians.get(directPath + "CpuSecondsPerGiB")));
		results.figure(new Figure(path,
				String.format("%.0f MiB/s (%.2f of the two bare relays')%s", gateway, gateway / relayed,
						cpuText(medians.get(gatewayPath + "CpuSecondsPerGiB"))),
				directText, ratio, String.format("≥ %.2f", target), ratio >= target));
		results.figure(Figure.context(
				"the shape: the same " + size + " " + (directPath.endsWith("Put") ? "PUT" : "GET")
						+ " through two bare relays in a row ÷ direct",
				String.format("%.0f MiB/s%s", relayed, cpuText(medians.get(relayPath + "CpuSecondsPerGiB"))),
				directText, relayed / direct));
	}

	private Map<String, Object> round(Path payload, long size, String sha256, int round) throws Exception {
		Map<String, Object> measured = new LinkedHashMap<>();
		ProcessCpu cpu = processCpu();
		String key = "bench/direct-" + size + "-" + round + "-" + System.nanoTime();
		String token = this.stack.token();
		Path answer = this.work.resolve("answer.json");

		measured.put("directPut",
				timed(() -> Curl.upload("PUT", this.direct.put(key), payload, null, answer), 200, size, cpu));
		Curl.Transfer[] uploaded = new Curl.Transfer[1];
		measured.put("gatewayUpload", timed(() -> {
			uploaded[0] = Curl.upload("POST", this.stack.gatewayUrl() + "/api/v1/files?name=payload.bin", payload,
					token, answer);
			return uploaded[0];
		}, 201, size, cpu));
		measured.put("directGet", timed(() -> Curl.download(this.direct.get(key), null), 200, size, cpu));
		String relayedKey = key + "-relayed";
		measured.put("relayPut",
				timed(() -> Curl.upload("PUT", this.relays.through(this.direct.put(relayedKey)), payload, null, answer),
						200, size, cpu));
		measured.put("relayGet",
				timed(() -> Curl.download(this.relays.through(this.direct.get(relayedKey)), null), 200, size, cpu));
		String fileId = null;
		if (uploaded[0] != null && uploaded[0].status() == 201) {
			if (!sha256.equals(Json.field(uploaded[0].body(), "sha256"))) {
				throw new IllegalStateException("The gateway stored other bytes than were sent");
			}
			fileId = Json.field(uploaded[0].body(), "id");
			String id = fileId;
			measured
				.put("gatewayStream",
						timed(() -> Curl
							.download(this.stack.gatewayUrl() + "/api/v1/files/" + id + "/content?mode=stream", token),
								200, size, cpu));
		}
		else {
			measured.put("gatewayStream", Map.of("error", "nothing to download: the upload failed"));
		}
		// Keep the disk from filling up over a sweep.
		S3Objects.delete(this.stack.s3Endpoint(), key);
		S3Objects.delete(this.stack.s3Endpoint(), relayedKey);
		if (fileId != null) {
			this.stack.delete(token, fileId);
		}
		return measured;
	}

	/**
	 * The gateway's, storage-service's and the S3 server's (this JVM's) CPU time, or none
	 * when the services cannot be found.
	 */
	private @Nullable ProcessCpu processCpu() {
		try {
			Map<String, Long> pids = new LinkedHashMap<>();
			pids.put("gateway", this.stack.process("gateway-service").pid());
			pids.put("storage", this.stack.process("storage-service").pid());
			pids.put("s3", ProcessHandle.current().pid());
			pids.put("relay1", this.relays.firstPid());
			pids.put("relay2", this.relays.secondPid());
			return new ProcessCpu(pids);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	static Map<String, Object> timed(TransferCall call, int expectedStatus, long size) {
		return timed(call, expectedStatus, size, null);
	}

	/**
	 * One transfer; a failed one is a result (recorded with its reason), not a crash.
	 * With {@code cpu}, also the CPU seconds per GiB each process spent meanwhile.
	 */
	static Map<String, Object> timed(TransferCall call, int expectedStatus, long size, @Nullable ProcessCpu cpu) {
		Map<String, Object> result = new LinkedHashMap<>();
		try {
			Map<String, Double> before = (cpu != null) ? cpu.seconds() : Map.of();
			Curl.Transfer transfer = call.run();
			if (cpu != null) {
				result.put("cpuSecondsPerGiB", cpu.perGiBSince(before, size));
			}
			if (transfer.status() != expectedStatus || transfer.bytes() != size) {
				result.put("error", "HTTP " + transfer.status() + " after " + transfer.bytes() + " bytes");
				return result;
			}
			result.put("seconds", transfer.seconds());
			result.put("MiBps", transfer.mibPerSecond());
		}
		catch (Exception ex) {
			result.put("error", ex.getMessage());
		}
		return result;
	}

	/** ", CPU s/GiB: gateway 1.2, storage 3.4, s3 5.6", or nothing when not measured. */
	@SuppressWarnings("unchecked")
	private static String cpuText(@Nullable Object cpu) {
		if (!(cpu instanceof Map<?, ?> perProcess) || perProcess.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder(", CPU s/GiB:");
		// A process that had no part in the transfer (under 0.05) is left out.
		((Map<String, Double>) perProcess).forEach((name, seconds) -> {
			if (!(seconds < 0.05)) {
				text.append(String.format(" %s %.2f", name, seconds)).append(',');
			}
		});
		return text.substring(0, text.length() - 1);
	}

	/** Per process, the median of the rounds' CPU seconds per GiB on {@code path}. */
	@SuppressWarnings("unchecked")
	private static Map<String, Double> medianCpu(List<Map<String, Object>> rounds, String path) {
		Map<String, List<Double>> byProcess = new LinkedHashMap<>();
		for (Map<String, Object> round : rounds) {
			Object cpu = ((Map<String, Object>) round.get(path)).get("cpuSecondsPerGiB");
			if (cpu instanceof Map<?, ?> perProcess) {
				perProcess.forEach((name, seconds) -> byProcess.computeIfAbsent((String) name, (n) -> new ArrayList<>())
					.add((Double) seconds));
			}
		}
		Map<String, Double> medians = new LinkedHashMap<>();
		byProcess.forEach((name, values) -> medians.put(name, Stats.median(values)));
		return medians;
	}

	/** The median of the rounds' MiB/s on {@code path}; NaN when no round got through. */
	@SuppressWarnings("unchecked")
	static double medianMiBps(List<Map<String, Object>> rounds, String path) {
		List<Double> values = new ArrayList<>();
		for (Map<String, Object> round : rounds) {
			Object rate = ((Map<String, Object>) round.get(path)).get("MiBps");
			if (rate instanceof Double mibps) {
				values.add(mibps);
			}
		}
		return values.isEmpty() ? Double.NaN : Stats.median(values);
	}

	static String mib(long bytes) {
		return (bytes >= 1024 * BenchSettings.MIB && bytes % (1024 * BenchSettings.MIB) == 0)
				? (bytes / (1024 * BenchSettings.MIB)) + " GiB"
				: String.format("%.0f MiB", bytes / (double) BenchSettings.MIB);
	}

	/** Random bytes (incompressible), returning their SHA-256 as the API reports it. */
	static String writeRandomFile(Path file, long size) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] block = new byte[1 << 20];
			SplittableRandom random = new SplittableRandom(size);
			try (OutputStream out = Files.newOutputStream(file)) {
				long left = size;
				while (left > 0) {
					for (int i = 0; i < block.length; i += 8) {
						long bits = random.nextLong();
						for (int b = 0; b < 8; b++) {
							block[i + b] = (byte) (bits >>> (8 * b));
						}
					}
					int n = (int) Math.min(block.length, left);
					out.write(block, 0, n);
					digest.update(block, 0, n);
					left -= n;
				}
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@FunctionalInterface
	interface TransferCall {

		Curl.Transfer run() throws Exception;

	}

}
