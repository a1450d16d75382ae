package com.cloudstorage.files.bench;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class UploadSessionBenchmarkTests {

	@TempDir
	Path work;

	@Test
	void cutsThePayloadIntoFullPartsAndAShorterLastOneThatJoinBackToTheSameBytes() throws Exception {
		Path payload = this.work.resolve("payload.bin");
		long size = 2 * BenchSettings.MIB + 12345;
		TransferBenchmark.writeRandomFile(payload, size);
		long partSize = BenchSettings.MIB;

		List<Path> parts = UploadSessionBenchmark.cut(payload, this.work.resolve("parts"), partSize, 3);

		assertThat(parts).hasSize(3);
		assertThat(Files.size(parts.get(0))).isEqualTo(partSize);
		assertThat(Files.size(parts.get(1))).isEqualTo(partSize);
		assertThat(Files.size(parts.get(2))).isEqualTo(12345);
		ByteArrayOutputStream joined = new ByteArrayOutputStream();
		for (Path part : parts) {
			joined.write(Files.readAllBytes(part));
		}
		assertThat(joined.toByteArray()).isEqualTo(Files.readAllBytes(payload));
	}

	@Test
	void aFailedSessionIsSummedUpByItsStepStatusTimeAndProblemCodeWithoutItsId() {
		Map<String, Object> failed = Map.of("failedAfterSeconds", 61.7, "error",
				"IllegalStateException: POST /api/v1/uploads/35da4ed8-3e89-4c87-bdea-190db61470b0/complete: HTTP 503 "
						+ "{\"status\":503,\"code\":\"StorageUnavailable\"}");
		Map<String, Object> round = Map.of("directPut", Map.of("MiBps", 80.0), "directSession", failed);

		assertThat(UploadSessionBenchmark.firstError(List.of(round)))
			.isEqualTo("POST /api/v1/uploads/{id}/complete: HTTP 503 after 62 s StorageUnavailable");
	}

}
