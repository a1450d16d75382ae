package com.cloudstorage.files.storage.object;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import reactor.core.publisher.Flux;

/**
 * Cuts a stream of buffers into upload parts of a fixed size while counting bytes and
 * hashing them. Only the part being filled lives here; a full part is emitted and owned
 * downstream. Each part's array is allocated once, at the size the part can reach (never
 * grown by copying), so with no demand beyond one part downstream at most two parts and
 * one incoming buffer are in memory: see {@link #bufferBound}.
 */
public final class Parts {

	private Parts() {
	}

	/**
	 * Splits {@code body} into parts of {@code partSize} bytes; the final part (possibly
	 * shorter, or empty for an empty body) has {@code last = true}. A body that ends
	 * exactly on a part boundary has no trailing empty part, so its last emitted part has
	 * {@code last = false}. Exceeding {@code maxBytes} fails with
	 * {@link EntityTooLargeException} as soon as the first extra byte arrives.
	 */
	public static Flux<Part> split(Flux<ByteBuffer> body, int partSize, long maxBytes, Tally tally) {
		return split(body, partSize, maxBytes, -1, tally);
	}

	/**
	 * Like {@link #split(Flux, int, long, Tally)}, sizing the arrays for a body of
	 * {@code expectedLength} bytes (or {@code -1} when unknown) so that a small body
	 * never allocates a whole part.
	 */
	public static Flux<Part> split(Flux<ByteBuffer> body, int partSize, long maxBytes, long expectedLength,
			Tally tally) {
		return Flux.defer(() -> {
			Accumulator accumulator = new Accumulator(partSize, maxBytes, expectedLength, tally);
			return body.concatMapIterable(accumulator::add, 1)
				.concatWith(Flux.defer(() -> Flux.fromIterable(accumulator.finish())));
		});
	}

	/**
	 * The most heap one upload holds in part buffers when parts are requested one at a
	 * time: the body's length (declared, else {@code maxBytes}) when it fits in two
	 * parts, else two parts (one filling, one being sent). The network buffer being
	 * copied in is pooled by the server and not counted.
	 */
	public static long bufferBound(long declaredLength, long maxBytes, int partSize) {
		long limit = (declaredLength >= 0) ? Math.min(declaredLength, maxBytes) : maxBytes;
		return Math.min(Math.max(limit, 0), 2L * partSize);
	}

	/** Running size and SHA-256 of the bytes that went by. */
	public static final class Tally {

		private final MessageDigest digest;

		private long size;

		public Tally() {
			try {
				this.digest = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-256 is required of every JVM", ex);
			}
		}

		void update(ByteBuffer buffer) {
			this.size += buffer.remaining();
			this.digest.update(buffer.duplicate());
		}

		public long size() {
			return this.size;
		}

		/** The hex SHA-256; call once, after the body ended. */
		public String sha256Hex() {
			return HexFormat.of().formatHex(this.digest.digest());
		}

	}

	private static final class Accumulator {

		private static final byte[] EMPTY = new byte[0];

		private final int partSize;

		private final long maxBytes;

		private final long expectedLength;

		private final Tally tally;

		private byte[] current = EMPTY;

		private int filled;

		private int emitted;

		private long emittedBytes;

		Accumulator(int partSize, long maxBytes, long expectedLength, Tally tally) {
			this.partSize = partSize;
			this.maxBytes = maxBytes;
			this.expectedLength = expectedLength;
			this.tally = tally;
		}

		List<Part> add(ByteBuffer chunk) {
			this.tally.update(chunk);
			if (this.tally.size() > this.maxBytes) {
				throw new EntityTooLargeException("Body exceeds " + this.maxBytes + " bytes");
			}
			List<Part> full = List.of();
			ByteBuffer source = chunk.duplicate();
			while (source.hasRemaining()) {
				int n = Math.min(source.remaining(), this.partSize - this.filled);
				ensureCapacity(this.filled + n);
				source.get(this.current, this.filled, n);
				this.filled += n;
				if (this.filled == this.partSize) {
					if (full.isEmpty()) {
						full = new ArrayList<>(1);
					}
					full.add(new Part(++this.emitted, this.current, this.filled, false));
					this.emittedBytes += this.filled;
					// A fresh array is allocated on the next write, so a body ending
					// here holds no spare part.
					this.current = EMPTY;
					this.filled = 0;
				}
			}
			return full;
		}

		List<Part> finish() {
			if (this.filled > 0 || this.emitted == 0) {
				Part last = new Part(++this.emitted, this.current, this.filled, true);
				this.current = EMPTY;
				this.filled = 0;
				return List.of(last);
			}
			return List.of();
		}

		// The first write of a part allocates what the part can reach: a whole part, or
		// less when the declared length or maxBytes says the body ends sooner. Only a
		// body
		// longer than it declared makes the array grow, once, to a whole part.
		private void ensureCapacity(int needed) {
			if (needed <= this.current.length) {
				return;
			}
			if (this.current.length == 0) {
				long remaining = Math.min(this.maxBytes,
						(this.expectedLength >= 0) ? this.expectedLength : Long.MAX_VALUE) - this.emittedBytes;
				int capacity = (int) Math.max(needed, Math.min(remaining, this.partSize));
				this.current = new byte[capacity];
				return;
			}
			this.current = Arrays.copyOf(this.current, this.partSize);
		}

	}

}
