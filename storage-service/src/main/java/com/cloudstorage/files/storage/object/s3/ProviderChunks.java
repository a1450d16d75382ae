package com.cloudstorage.files.storage.object.s3;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;

/**
 * Gathers the small buffers a provider's body arrives in (the S3 client hands over one
 * per HTTP chunk, about 8 KiB) into batches before they travel on. Every item costs the
 * same work on its way to the client (operators, the silence watch, a socket write and a
 * flush) whatever its size, so a 1 GiB download was about 130,000 trips through that
 * work. A batch is not joined here: the buffers are written as one composite buffer
 * ({@code SocketPacedBody}), so the only copy left is the one into the socket's buffer. A
 * batch that is not full is passed on after {@link #MAX_WAIT}, so a slow provider's bytes
 * are never held back for long.
 */
final class ProviderChunks {

	/** Buffers gathered at most: with 8 KiB chunks, 64 KiB. */
	static final int MAX_BUFFERS = 8;

	static final Duration MAX_WAIT = Duration.ofMillis(50);

	private ProviderChunks() {
	}

	static Flux<List<ByteBuffer>> batches(Flux<ByteBuffer> body) {
		// Fair backpressure: buffers are asked for only as the reader asks, so what waits
		// here stays within one batch.
		return body.bufferTimeout(MAX_BUFFERS, MAX_WAIT, true);
	}

}
