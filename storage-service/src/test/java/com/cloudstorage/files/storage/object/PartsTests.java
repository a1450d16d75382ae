package com.cloudstorage.files.storage.object;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class PartsTests {

	@Test
	void bodyWithinOnePartIsOneLastPart() throws Exception {
		byte[] bytes = bytes(25);
		Parts.Tally tally = new Parts.Tally();
		List<Part> parts = Parts.split(chunks(bytes, 7), 100, 1000, tally).collectList().block();
		assertThat(parts).singleElement().satisfies((part) -> {
			assertThat(part.number()).isEqualTo(1);
			assertThat(part.last()).isTrue();
			assertThat(toArray(part)).isEqualTo(bytes);
		});
		assertThat(tally.size()).isEqualTo(25);
		assertThat(tally.sha256Hex()).isEqualTo(sha256(bytes));
	}

	@Test
	void largerBodyIsCutIntoFullPartsAndAShortLastOne() throws Exception {
		byte[] bytes = bytes(250);
		Parts.Tally tally = new Parts.Tally();
		List<Part> parts = Parts.split(chunks(bytes, 33), 100, 1000, tally).collectList().block();
		assertThat(parts).extracting(Part::number).containsExactly(1, 2, 3);
		assertThat(parts).extracting(Part::length).containsExactly(100, 100, 50);
		assertThat(parts).extracting(Part::last).containsExactly(false, false, true);
		byte[] joined = new byte[250];
		int offset = 0;
		for (Part part : parts) {
			System.arraycopy(part.bytes(), 0, joined, offset, part.length());
			offset += part.length();
		}
		assertThat(joined).isEqualTo(bytes);
		assertThat(tally.sha256Hex()).isEqualTo(sha256(bytes));
	}

	@Test
	void chunkLargerThanAPartYieldsSeveralParts() {
		List<Part> parts = Parts.split(chunks(bytes(230), 230), 100, 1000, new Parts.Tally()).collectList().block();
		assertThat(parts).extracting(Part::length).containsExactly(100, 100, 30);
	}

	@Test
	void bodyEndingOnAPartBoundaryHasNoEmptyTrailingPart() {
		List<Part> parts = Parts.split(chunks(bytes(200), 50), 100, 1000, new Parts.Tally()).collectList().block();
		assertThat(parts).extracting(Part::length).containsExactly(100, 100);
		assertThat(parts).extracting(Part::last).containsExactly(false, false);
	}

	@Test
	void emptyBodyIsOneEmptyLastPart() throws Exception {
		Parts.Tally tally = new Parts.Tally();
		List<Part> parts = Parts.split(Flux.empty(), 100, 1000, tally).collectList().block();
		assertThat(parts).singleElement().satisfies((part) -> {
			assertThat(part.length()).isZero();
			assertThat(part.last()).isTrue();
		});
		assertThat(tally.sha256Hex()).isEqualTo(sha256(new byte[0]));
	}

	@Test
	void exceedingMaxBytesFailsAndStopsReading() {
		AtomicLong requested = new AtomicLong();
		Flux<ByteBuffer> body = chunks(bytes(1000), 10).doOnRequest(requested::addAndGet);
		Parts.split(body, 100, 55, new Parts.Tally())
			.as(StepVerifier::create)
			.verifyError(EntityTooLargeException.class);
		// The sixth chunk crossed the limit; nothing much beyond it was asked for.
		assertThat(requested.get()).isLessThanOrEqualTo(8);
	}

	@Test
	void partsAreReadOnlyOnDemand() {
		AtomicLong requested = new AtomicLong();
		Flux<ByteBuffer> body = chunks(bytes(1000), 10).doOnRequest(requested::addAndGet);
		Parts.split(body, 100, 10_000, new Parts.Tally())
			.as((parts) -> StepVerifier.create(parts, 1))
			.expectNextCount(1)
			.then(() -> assertThat(requested.get()).isLessThanOrEqualTo(12))
			.thenCancel()
			.verify();
	}

	private static Flux<ByteBuffer> chunks(byte[] bytes, int size) {
		return Flux.range(0, (bytes.length + size - 1) / size)
			.map((i) -> ByteBuffer.wrap(bytes, i * size, Math.min(size, bytes.length - i * size)).slice());
	}

	private static byte[] toArray(Part part) {
		ByteBuffer buffer = part.buffer();
		byte[] out = new byte[buffer.remaining()];
		buffer.get(out);
		return out;
	}

	private static byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
