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
		Flux<ByteBuffer> body = chunks(bytes(1000), 10).doOnRequest(requested::addAndGet).hide();
		Parts.split(body, 100, 55, new Parts.Tally())
			.as(StepVerifier::create)
			.verifyError(EntityTooLargeException.class);
		// The sixth chunk crossed the limit; nothing much beyond it was asked for.
		assertThat(requested.get()).isLessThanOrEqualTo(8);
	}

	@Test
	void partsAreReadOnlyOnDemand() {
		AtomicLong requested = new AtomicLong();
		Flux<ByteBuffer> body = chunks(bytes(1000), 10).doOnRequest(requested::addAndGet).hide();
		Parts.split(body, 100, 10_000, new Parts.Tally())
			.as((parts) -> StepVerifier.create(parts, 1))
			.expectNextCount(1)
			// The next part fills and waits for demand: two parts, never the whole body.
			// (hide() keeps the source unfused, else requests are not counted at all.)
			.then(() -> assertThat(requested.get()).isBetween(10L, 22L))
			.thenCancel()
			.verify();
	}

	@Test
	void aPartArrayIsAllocatedOnceAtTheSizeThePartCanReach() {
		// Declared length: a small body gets an array of its size, never a whole part.
		List<Part> small = Parts.split(chunks(bytes(25), 7), 100, 1000, 25, new Parts.Tally()).collectList().block();
		assertThat(small).singleElement().satisfies((part) -> assertThat(part.bytes()).hasSize(25));
		// Unknown length: maxBytes bounds the array.
		List<Part> bounded = Parts.split(chunks(bytes(30), 7), 100, 40, new Parts.Tally()).collectList().block();
		assertThat(bounded).singleElement().satisfies((part) -> assertThat(part.bytes()).hasSize(40));
		// Full parts are exactly one part, the last one only what is left.
		List<Part> large = Parts.split(chunks(bytes(250), 33), 100, 1000, 250, new Parts.Tally()).collectList().block();
		assertThat(large).extracting((part) -> part.bytes().length).containsExactly(100, 100, 50);
	}

	@Test
	void aBodyLongerThanDeclaredStillSplitsCorrectly() {
		byte[] bytes = bytes(150);
		List<Part> parts = Parts.split(chunks(bytes, 20), 100, 1000, 30, new Parts.Tally()).collectList().block();
		assertThat(parts).extracting(Part::length).containsExactly(100, 50);
		assertThat(toArray(parts.get(0))).isEqualTo(java.util.Arrays.copyOf(bytes, 100));
	}

	@Test
	void whileOnePartIsSentAtMostOneMoreIsRead() {
		AtomicLong requested = new AtomicLong();
		Flux<ByteBuffer> body = chunks(bytes(1000), 10).doOnRequest(requested::addAndGet).hide();
		reactor.core.publisher.Sinks.Empty<Void> firstSent = reactor.core.publisher.Sinks.empty();
		// concatMap without prefetch, as the S3 store sends parts: part 1 is "being sent"
		// until firstSent completes.
		Flux<Integer> sent = Parts.split(body, 100, 10_000, new Parts.Tally())
			.concatMap((part) -> (part.number() == 1) ? firstSent.asMono().thenReturn(1)
					: reactor.core.publisher.Mono.just(part.number()), 0);
		StepVerifier.create(sent)
			.expectSubscription()
			.then(() -> assertThat(requested.get()).isGreaterThanOrEqualTo(20).isLessThanOrEqualTo(22))
			.then(firstSent::tryEmitEmpty)
			.expectNextCount(10)
			.verifyComplete();
	}

	@Test
	void bufferBoundIsTheBodyOrTwoParts() {
		assertThat(Parts.bufferBound(1000, 10_000, 8 * 1024 * 1024)).isEqualTo(1000);
		assertThat(Parts.bufferBound(-1, 5000, 8 * 1024 * 1024)).isEqualTo(5000);
		assertThat(Parts.bufferBound(-1, Long.MAX_VALUE, 100)).isEqualTo(200);
		assertThat(Parts.bufferBound(64L << 20, 1L << 40, 8 << 20)).isEqualTo((16L << 20));
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
