package com.cloudstorage.files.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A large upload and streamed download through the gateway while every service runs at
 * {@code -Xmx256m}, reporting each service's peak RSS over just these two transfers.
 */
final class MemoryBenchmark {

	private MemoryBenchmark() {
	}

	static void run(BenchStack stack, BenchSettings settings, Path work, Results results) throws Exception {
		long size = settings.memorySize();
		Path payload = work.resolve("memory-payload.bin");
		String sha256 = TransferBenchmark.writeRandomFile(payload, size);
		Map<String, ProcessHandle> services = new LinkedHashMap<>();
		boolean peaksReset = true;
		for (String service : BenchSettings.SERVICES) {
			ProcessHandle process = stack.process(service);
			services.put(service, process);
			peaksReset &= PeakMemory.reset(process);
		}
		String token = stack.token();
		Path answer = work.resolve("memory-answer.json");
		String[] fileId = new String[1];
		Map<String, Object> upload;
		Map<String, Object> download;
		try {
			upload = TransferBenchmark.timed(() -> {
				Curl.Transfer sent = Curl.upload("POST", stack.gatewayUrl() + "/api/v1/files?name=memory.bin", payload,
						token, answer);
				if (sent.status() == 201 && sha256.equals(Json.field(sent.body(), "sha256"))) {
					fileId[0] = Json.field(sent.body(), "id");
				}
				return sent;
			}, 201, size);
			if (fileId[0] != null) {
				download = TransferBenchmark.timed(
						() -> Curl.download(stack.gatewayUrl() + "/api/v1/files/" + fileId[0] + "/content?mode=stream",
								stack.token()),
						200, size);
			}
			else {
				upload.putIfAbsent("error", "the gateway stored other bytes than were sent");
				download = Map.of("error", "nothing to download: the upload failed");
			}
		}
		finally {
			Files.deleteIfExists(payload);
		}
		Map<String, Object> peaks = new LinkedHashMap<>();
		StringBuilder text = new StringBuilder();
		for (Map.Entry<String, ProcessHandle> service : services.entrySet()) {
			double peak = PeakMemory.peakMib(service.getValue());
			peaks.put(service.getKey(), peak);
			text.append(text.length() == 0 ? "" : ", ").append(service.getKey()).append(String.format(" %.0f", peak));
		}
		if (fileId[0] != null) {
			stack.delete(stack.token(), fileId[0]);
		}
		boolean uploaded = !upload.containsKey("error");
		boolean downloaded = !download.containsKey("error");
		Map<String, Object> raw = new LinkedHashMap<>();
		raw.put("sizeBytes", size);
		raw.put("upload", upload);
		raw.put("download", download);
		raw.put("peakRssMiB", peaks);
		raw.put("peakCountsFrom", peaksReset ? "just before the upload (clear_refs)" : "the service's start");
		results.section("memory", raw);
		String size2 = TransferBenchmark.mib(size);
		results.figure(new Figure(size2 + " upload and download with every service at `-Xmx256m`",
				"upload " + (uploaded ? "passes" : "FAILS (" + upload.get("error") + ")") + ", download "
						+ (downloaded ? "passes" : "FAILS (" + download.get("error") + ")") + "; peak RSS MiB: " + text,
				"—", Double.NaN, "both pass; peak RSS reported", uploaded && downloaded));
	}

}
