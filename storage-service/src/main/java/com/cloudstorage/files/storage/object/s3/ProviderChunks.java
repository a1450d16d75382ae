package com.cloudstorage.files.storage.object.s3;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;

/**
 * Joins the small buffers a provider's body arrives in (the S3 client hands over one per
 * HTTP chunk, about 8 KiB) into fewer, larger ones before they travel on. Every buffer
 * costs the same work on its way to the client (operators, a socket write, a flush)
 * whatever its size, so a 1 GiB download was about 130,000 trips through that work; one
 * copy of the bytes costs far less. A buffer that is not full is passed on after
 * {@link #MAX_WAIT}, so a slow provider's bytes are never held back for long.
 */
final class ProviderChunks {

	/** Buffers joined at most: with 8 KiB chunks, 64 KiB. */
	static final int MAX_BUFFERS = 8;

	static final Duration MAX_WAIT = Duration.ofMillis(50);

	private ProviderChunks() {
	}

	static Flux<ByteBuffer> coalesce(Flux<ByteBuffer> body) {
		// Fair backpressure: buffers are asked for only as the reader asks, so what waits
		// here stays within one batch.
		return body.bufferTimeout(MAX_BUFFERS, MAX_WAIT, true).map(ProviderChunks::join);
	}

	private static ByteBuffer join(List<ByteBuffer> buffers) {
		if (buffers.size() == 1) {
			return buffers.get(0);
		}
		int length = 0;
		for (ByteBuffer buffer : buffers) {
			length += buffer.remaining();
		}
		ByteBuffer joined = ByteBuffer.allocate(length);
		for (ByteBuffer buffer : buffers) {
			joined.put(buffer);
		}
		return joined.flip();
	}

}
