package com.cloudstorage.files.kit.bytes;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

/**
 * Netty settings for connections that carry large bodies (uploads and downloads through
 * the gateway and storage-service), each measured at a large share of the CPU per GiB
 * (#10).
 * <ul>
 * <li><b>Buffers from Netty's pooled allocator.</b> Netty 4.2's default (adaptive)
 * allocator treats a JVM with under 512 MiB of heap as low on memory and then pools no
 * buffer above its size classes: every 64 KiB socket read and every large write of a heap
 * buffer got fresh native memory, zeroed, and freed again by closing a shared arena (on
 * JDK 25, without {@code sun.misc.Unsafe}). Our services run at {@code -Xmx256m}. The
 * pooled allocator keeps such buffers in its arenas (chunks of 4 MiB, allocated
 * once).</li>
 * <li><b>Body pieces as the socket delivered them.</b> Netty's HTTP decoder cuts every
 * body into pieces of at most 8 KiB, and each piece then costs the same per-buffer work
 * on its way (operators, a write and flush in a relay) whatever its size: a GiB was
 * 131,072 trips. A piece is a slice of what one socket read brought in, never a new
 * buffer, so a larger limit costs no memory; it only stops cutting those reads up.</li>
 * </ul>
 */
public final class LargeBodies {

	/** Above one socket read (at most 64 KiB with Netty's adaptive reads). */
	public static final int MAX_CHUNK_SIZE = 1024 * 1024;

	/** The allocator for connections that carry large bodies. */
	public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

	private LargeBodies() {
	}

	/**
	 * {@code client} with pooled buffers, decoding response bodies in pieces of up to
	 * {@link #MAX_CHUNK_SIZE}.
	 */
	public static HttpClient client(HttpClient client) {
		return client.option(ChannelOption.ALLOCATOR, ALLOCATOR)
			.httpResponseDecoder((spec) -> spec.maxChunkSize(MAX_CHUNK_SIZE));
	}

}
