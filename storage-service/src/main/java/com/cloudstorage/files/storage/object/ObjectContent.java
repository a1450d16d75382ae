package com.cloudstorage.files.storage.object;

import io.netty.buffer.ByteBuf;
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
 * the buffers the provider's connection delivered them in (no copy); each buffer belongs
 * to the subscriber, which releases it (and releases what its operators discard:
 * {@code doOnDiscard})
 */
public record ObjectContent(long contentLength, @Nullable String contentRange, @Nullable String etag,
		@Nullable String contentType, Flux<ByteBuf> body) {

	public boolean partial() {
		return this.contentRange != null;
	}

}
