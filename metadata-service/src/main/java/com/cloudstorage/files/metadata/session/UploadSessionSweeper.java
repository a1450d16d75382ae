package com.cloudstorage.files.metadata.session;

import java.time.Instant;

import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.scheduling.BoundedJobs;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Aborts sessions whose expiry passed: their files fail with {@code FileUploadExpired},
 * on which storage-service aborts the multipart upload and removes its parts.
 */
@Component
class UploadSessionSweeper {

	private final UploadSessionManagement sessions;

	private final BoundedJobs jobs;

	UploadSessionSweeper(UploadSessionManagement sessions, BoundedJobs jobs) {
		this.sessions = sessions;
		this.jobs = jobs;
	}

	@Scheduled(fixedDelayString = "${files.metadata.upload-sessions.sweep-interval:PT30S}",
			initialDelayString = "${files.metadata.upload-sessions.sweep-interval:PT30S}")
	Mono<Void> sweep() {
		return this.jobs.bounded("expire upload sessions", Mono.defer(() -> this.sessions.expire(Instant.now())));
	}

}
