package com.cloudstorage.files.gateway.tus;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.gateway.route.UploadSessionProperties;
import com.cloudstorage.files.kit.problem.ProblemCode;

/**
 * The disk the gateway's TUS spool files may take at once. Each {@code PATCH} holds up to
 * one part of its session (8 MiB, larger for very large sessions) in a spool file; many
 * at once could fill the disk. A {@code PATCH} reserves its session's part size before it
 * reads a byte, and one that would go past the limit is refused with
 * {@code 503 ServiceUnavailable} and {@code Retry-After} (nothing stored, the offset
 * unchanged), as other admission limits are.
 */
@Component
class SpoolBudget {

	/** When a refused client may try again. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final long limit;

	private final AtomicLong reserved = new AtomicLong();

	@Autowired
	SpoolBudget(UploadSessionProperties properties) {
		this(properties.spoolLimit().toBytes());
	}

	SpoolBudget(long limit) {
		this.limit = limit;
	}

	/**
	 * Reserves {@code bytes} of spool disk until the lease is released, or fails with
	 * {@code 503} when that would go past the limit.
	 */
	Mono<Lease> reserve(long bytes) {
		return Mono.fromCallable(() -> {
			while (true) {
				long held = this.reserved.get();
				if (held + bytes > this.limit) {
					throw refused();
				}
				if (this.reserved.compareAndSet(held, held + bytes)) {
					return new Lease(bytes);
				}
			}
		});
	}

	/** Bytes reserved now. */
	long reserved() {
		return this.reserved.get();
	}

	private static ProblemException refused() {
		ProblemException problem = new ProblemException(ProblemCode.SERVICE_UNAVAILABLE,
				"The gateway's upload spool is full; try again shortly.");
		problem.problem().retryAfter(RETRY_AFTER);
		return problem;
	}

	/** Spool disk held by one request; released once. */
	final class Lease {

		private final AtomicLong bytes;

		private Lease(long bytes) {
			this.bytes = new AtomicLong(bytes);
		}

		void release() {
			SpoolBudget.this.reserved.addAndGet(-this.bytes.getAndSet(0));
		}

	}

}
