package com.cloudstorage.files.storage.cleanup;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.scheduling.ScheduledJob;
import com.cloudstorage.files.storage.object.ObjectStore;
import com.cloudstorage.files.storage.provider.StorageProperties;
import com.cloudstorage.files.storage.upload.UploadSessions;

import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Aborts multipart uploads that outlived {@code files.storage.stale-upload-ttl}, e.g.
 * after a crash mid-upload.
 */
@Component
class UploadSessionSweeper {

	private static final Logger LOG = LoggerFactory.getLogger(UploadSessionSweeper.class);

	private final UploadSessions sessions;

	private final ObjectStore store;

	private final StorageProperties properties;

	private final Clock clock;

	UploadSessionSweeper(UploadSessions sessions, ObjectStore store, StorageProperties properties) {
		this.sessions = sessions;
		this.store = store;
		this.properties = properties;
		this.clock = Clock.systemUTC();
	}

	@Bean
	ScheduledJob abortStaleUploads() {
		return ScheduledJob.every(this.properties.staleUploadSweepInterval(), "abort stale multipart uploads",
				() -> sweepStartedBefore(Instant.now(this.clock).minus(this.properties.staleUploadTtl())));
	}

	/**
	 * Aborts every session started before {@code cutoff}; a failure leaves the session
	 * for the next sweep.
	 */
	Mono<Void> sweepStartedBefore(Instant cutoff) {
		return this.sessions.startedBefore(cutoff)
			.concatMap((session) -> this.store
				.abortMultipartUpload(session.provider(), session.bucket(), session.key(), session.uploadId())
				.then(this.sessions.ended(session.uploadId()))
				.doOnSuccess((done) -> LOG.info("Aborted stale multipart upload of {} in {}.", session.key(),
						session.provider()))
				.onErrorResume((ex) -> {
					LOG.warn("Could not abort stale multipart upload of {} in {}: {}", session.key(),
							session.provider(), ex.getMessage());
					return Mono.empty();
				}))
			.then();
	}

}
