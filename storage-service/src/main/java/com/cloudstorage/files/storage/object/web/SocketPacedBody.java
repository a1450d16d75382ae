package com.cloudstorage.files.storage.object.web;

import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.SignalType;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * Paces a download by the socket: a buffer from the provider is passed on only while
 * fewer than {@code window} bytes are passed on and not yet written to the client. Netty
 * releases a buffer once the socket took it, and that release gives its bytes back, so a
 * slow client holds at most about one window in this instance, however much the response
 * writer asks for ahead. The provider's buffers are handed to the response as they are
 * (no copy); what is dropped on the way (cancel, error) is released here.
 */
final class SocketPacedBody {

	private SocketPacedBody() {
	}

	static Flux<DataBuffer> pace(Flux<ByteBuf> source, long window, DataBufferFactory factory) {
		if (!(factory instanceof NettyDataBufferFactory netty)) {
			// Not on Reactor Netty: no release to wait for; ask for little at a time.
			return source.limitRate(2).map((buffer) -> {
				try {
					return factory.wrap(ByteBufUtil.getBytes(buffer));
				}
				finally {
					buffer.release();
				}
			}).doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
		}
		return Flux.defer(() -> {
			Credit credit = new Credit(window);
			// One buffer at a time from the provider, each waiting for room first.
			return source.concatMap((buffer) -> {
				int length = buffer.readableBytes();
				AtomicBoolean handedOn = new AtomicBoolean();
				return credit.acquire(length).then(Mono.fromSupplier(() -> {
					handedOn.set(true);
					return (DataBuffer) netty.wrap(tracked(buffer, length, credit, netty));
				})).doFinally((signal) -> {
					// Cancelled while waiting for room: nobody else holds it.
					if (signal == SignalType.CANCEL && handedOn.compareAndSet(false, true)) {
						ReferenceCountUtil.safeRelease(buffer);
					}
				});
			}, 0);
		}).doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
	}

	/**
	 * The buffer as one that tells its release: a composite of just this component, so
	 * the socket writes the provider's (pooled, direct) buffer itself, and its release
	 * gives the credit back.
	 */
	private static ByteBuf tracked(ByteBuf buffer, int length, Credit credit, NettyDataBufferFactory factory) {
		return new CompositeByteBuf(factory.getByteBufAllocator(), buffer.isDirect(), 1, buffer) {

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
