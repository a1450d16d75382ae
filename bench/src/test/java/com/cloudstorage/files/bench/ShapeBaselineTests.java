package com.cloudstorage.files.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShapeBaselineTests {

	@Test
	void aPresignedUrlGoesThroughTheRelaysWithItsPathAndQueryUntouched() {
		TransferBenchmark.Relays relays = new TransferBenchmark.Relays("http://127.0.0.1:4000/relay", 1, 2);
		String presigned = "http://127.0.0.1:9000/files/bench/direct-1%2Bx?X-Amz-Algorithm=AWS4-HMAC-SHA256"
				+ "&X-Amz-Credential=key%2F20261201%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=ab12";
		assertThat(relays.through(presigned))
			.isEqualTo("http://127.0.0.1:4000/relay/files/bench/direct-1%2Bx?X-Amz-Algorithm=AWS4-HMAC-SHA256"
					+ "&X-Amz-Credential=key%2F20261201%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=ab12");
	}

	@Test
	void aContextRowIsNeitherMetNorMissedInTheSummary() {
		Figure context = Figure.context("the shape", "1 MiB/s", "2 MiB/s direct", 0.5);
		Figure missed = new Figure("a row", "1 MiB/s", "2 MiB/s direct", 0.5, "≥ 0.80", false);
		Figure met = new Figure("a row", "2 MiB/s", "2 MiB/s direct", 1.0, "≥ 0.80", true);
		assertThat(List.of(context, missed, met)).extracting(Figure::verdict)
			.containsExactly("context", "not met", "met");
		assertThat(BenchMain.table(List.of(context, missed))).contains("| 0.50 | — (context) | context |")
			.contains("| ≥ 0.80 | **not met** |");
	}

}
