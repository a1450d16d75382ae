package com.cloudstorage.files.storage.object.web;

import java.nio.ByteBuffer;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * Paces a download by the socket: a buffer from the provider is passed on only while
 * fewer than {@code window} bytes are passed on and not yet written to the client. Netty
 * releases a buffer once the socket took it, and that release gives its bytes back, so a
 * slow client holds at most about one window in this instance, however much the response
 * writer asks for ahead.
 */
final class SocketPacedBody {

	private SocketPacedBody() {
	}

	static Flux<DataBuffer> pace(Flux<List<ByteBuffer>> source, long window, DataBufferFactory factory) {
		if (!(factory instanceof NettyDataBufferFactory netty)) {
			// Not on Reactor Netty: no release to wait for; ask for little at a time.
			return source.limitRate(2).map((batch) -> factory.join(batch.stream().map(factory::wrap).toList()));
		}
		return Flux.defer(() -> {
			Credit credit = new Credit(window);
			// One batch at a time from the provider, each waiting for room first.
			return source.concatMap((batch) -> {
				int length = length(batch);
				return credit.acquire(length)
					.then(Mono.fromSupplier(() -> netty.wrap(tracked(batch, length, credit, netty))));
			}, 0);
		});
	}

	private static int length(List<ByteBuffer> batch) {
		int length = 0;
		for (ByteBuffer buffer : batch) {
			length += buffer.remaining();
		}
		return length;
	}

	/**
	 * The batch as one buffer that shares the provider's buffers instead of copying them:
	 * the socket write copies them once into its own (pooled) buffer, and that release
	 * gives the credit back.
	 */
	private static ByteBuf tracked(List<ByteBuffer> batch, int length, Credit credit, NettyDataBufferFactory factory) {
		ByteBuf[] parts = new ByteBuf[batch.size()];
		for (int i = 0; i < parts.length; i++) {
			parts[i] = Unpooled.wrappedBuffer(batch.get(i));
		}
		return new CompositeByteBuf(factory.getByteBufAllocator(), false, Math.max(1, parts.length), parts) {

			@Override
			protected void deallocate() {
				super.deallocate();
				credit.release(length);
			}

		};
	}

	/** Bytes handed to the writer and not yet released, with at most one waiter. */
	static final class Credit {

		private final long window;

		private long outstanding;

		private @Nullable MonoSink<Void> waiter;

		private long waiterBytes;

		Credit(long window) {
			this.window = window;
		}

		/**
		 * Completes once {@code bytes} fit (a single buffer always fits when none is
		 * out).
		 */
		Mono<Void> acquire(long bytes) {
			return Mono.create((sink) -> {
				boolean now;
				synchronized (this) {
					now = fits(bytes);
					if (now) {
						this.outstanding += bytes;
					}
					else {
						this.waiter = sink;
						this.waiterBytes = bytes;
					}
				}
				if (now) {
					sink.success();
				}
			});
		}

		void release(long bytes) {
			MonoSink<Void> ready = null;
			synchronized (this) {
				this.outstanding -= bytes;
				if (this.waiter != null && fits(this.waiterBytes)) {
					this.outstanding += this.waiterBytes;
					ready = this.waiter;
					this.waiter = null;
				}
			}
			if (ready != null) {
				ready.success();
			}
		}

		synchronized long outstanding() {
			return this.outstanding;
		}

		private boolean fits(long bytes) {
			return this.outstanding == 0 || this.outstanding + bytes <= this.window;
		}

	}

}
