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
 * downstream, so with one-by-one demand at most two parts are in memory.
 */
public final class Parts {

	private static final int INITIAL_CAPACITY = 64 * 1024;

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
		return Flux.defer(() -> {
			Accumulator accumulator = new Accumulator(partSize, maxBytes, tally);
			return body.concatMapIterable(accumulator::add, 1)
				.concatWith(Flux.defer(() -> Flux.fromIterable(accumulator.finish())));
		});
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

		private final int partSize;

		private final long maxBytes;

		private final Tally tally;

		private byte[] current = new byte[0];

		private int filled;

		private int emitted;

		Accumulator(int partSize, long maxBytes, Tally tally) {
			this.partSize = partSize;
			this.maxBytes = maxBytes;
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
					// A fresh buffer is allocated on the next write, so a body ending
					// here holds no spare part.
					this.current = new byte[0];
					this.filled = 0;
				}
			}
			return full;
		}

		List<Part> finish() {
			if (this.filled > 0 || this.emitted == 0) {
				Part last = new Part(++this.emitted, this.current, this.filled, true);
				this.current = new byte[0];
				this.filled = 0;
				return List.of(last);
			}
			return List.of();
		}

		// Grows geometrically up to one part, so small objects never allocate a whole
		// part.
		private void ensureCapacity(int needed) {
			if (needed <= this.current.length) {
				return;
			}
			int capacity = Math.min(Math.max(this.current.length, INITIAL_CAPACITY), this.partSize);
			while (capacity < needed) {
				capacity = (int) Math.min((long) capacity * 2, this.partSize);
			}
			this.current = Arrays.copyOf(this.current, capacity);
		}

	}

}
