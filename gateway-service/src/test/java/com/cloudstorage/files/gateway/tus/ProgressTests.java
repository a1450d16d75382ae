package com.cloudstorage.files.gateway.tus;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.gateway.route.UploadSessionApi.Part;
import com.cloudstorage.files.gateway.route.UploadSessionApi.Session;
import com.cloudstorage.files.gateway.route.UploadSessionCalls.Head;

import static org.assertj.core.api.Assertions.assertThat;

/** The offset from the parts the provider holds and the staged tail. */
class ProgressTests {

	/** 2,500 bytes in parts of 1,000: 1,000 + 1,000 + 500. */
	private static final Session SESSION = new Session("0b6f0a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
			"6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "local", "files/x", "proxied", 2500, 1000, 3, null, "OPEN",
			"2026-11-30T07:00:00Z", "2026-11-30T08:00:00Z");

	@Test
	void nothingStoredIsOffsetZero() {
		assertThat(Progress.of(SESSION, List.of(), Optional.empty())).isEqualTo(new Progress(0, 0, 0));
	}

	@Test
	void wholePartsAndATailOfTheNextPartAddUp() {
		Progress progress = Progress.of(SESSION, List.of(part(1, 1000)), tail(2, 300));

		assertThat(progress).isEqualTo(new Progress(1, 300, 1300));
	}

	@Test
	void aTailOfAPartAlreadyStoredIsStaleAndIgnored() {
		// Part 2 was stored, the PATCH ended on the boundary: the old tail of part 2
		// stays.
		Progress progress = Progress.of(SESSION, List.of(part(1, 1000), part(2, 1000)), tail(2, 300));

		assertThat(progress).isEqualTo(new Progress(2, 0, 2000));
	}

	@Test
	void onlyPartsFromTheFirstOnWithTheirExactSizeCount() {
		assertThat(Progress.of(SESSION, List.of(part(2, 1000)), Optional.empty()).offset()).isZero();
		assertThat(Progress.of(SESSION, List.of(part(1, 999)), Optional.empty()).offset()).isZero();
		assertThat(Progress.of(SESSION, List.of(part(1, 1000), part(3, 500)), Optional.empty()).offset())
			.isEqualTo(1000);
	}

	@Test
	void everyPartStoredIsTheWholeLengthEvenWithAShorterLastPart() {
		Progress progress = Progress.of(SESSION, List.of(part(1, 1000), part(2, 1000), part(3, 500)), tail(3, 100));

		assertThat(progress.offset()).isEqualTo(2500);
		assertThat(progress.complete(SESSION)).isTrue();
	}

	@Test
	void anObjectWithoutTheTailHeaderOrTooLongIsNoTail() {
		Head foreign = new Head("not a tail header".getBytes(), 400);
		assertThat(Progress.of(SESSION, List.of(), Optional.of(foreign)).offset()).isZero();
		assertThat(Progress.of(SESSION, List.of(part(1, 1000), part(2, 1000)), tail(3, 501)).offset()).isEqualTo(2000);
		assertThat(Progress.of(SESSION, List.of(), tail(1, 0)).offset()).isZero();
	}

	@Test
	void aWholePartStagedWhenStoringItFailedCounts() {
		assertThat(Progress.of(SESSION, List.of(), tail(1, 1000)).offset()).isEqualTo(1000);
	}

	@Test
	void theHeaderNamesItsPart() {
		assertThat(Progress.partOf(Progress.header(7))).isEqualTo(7);
		assertThat(Progress.partOf(new byte[3])).isEqualTo(-1);
		assertThat(Progress.offsetOf(SESSION, 3, 200)).isEqualTo(2200);
		assertThat(Progress.offsetOf(SESSION, 4, 0)).isEqualTo(2500);
	}

	private static Part part(int number, long size) {
		return new Part(number, size, "\"etag\"");
	}

	private static Optional<Head> tail(int part, long length) {
		return Optional.of(new Head(Progress.header(part), Progress.HEADER_BYTES + length));
	}

}
