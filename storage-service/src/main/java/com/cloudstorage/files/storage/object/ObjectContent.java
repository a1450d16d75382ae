package com.cloudstorage.files.storage.object;

import java.nio.ByteBuffer;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * An object opened for reading.
 *
 * @param contentLength bytes in {@code body}
 * @param contentRange the {@code Content-Range} value when a range was served, else
 * {@code null}
 * @param etag the provider's ETag
 * @param contentType the stored content type, if any
 * @param body the bytes, streamed from the provider when subscribed (subscribe once), in
 * batches of the buffers the provider delivered (joined, if at all, where they are
 * written)
 */
public record ObjectContent(long contentLength, @Nullable String contentRange, @Nullable String etag,
		@Nullable String contentType, Flux<List<ByteBuffer>> body) {

	public boolean partial() {
		return this.contentRange != null;
	}

}
