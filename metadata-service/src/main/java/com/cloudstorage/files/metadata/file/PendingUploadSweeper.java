package com.cloudstorage.files.metadata.file;

import java.time.Instant;

import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.scheduling.BoundedJobs;
import com.cloudstorage.files.metadata.MetadataProperties;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires reservations that never completed, so that storage removes any bytes written
 * under their keys.
 */
@Component
class PendingUploadSweeper {

	private final FileManagement files;

	private final MetadataProperties properties;

	private final BoundedJobs jobs;

	PendingUploadSweeper(FileManagement files, MetadataProperties properties, BoundedJobs jobs) {
		this.files = files;
		this.properties = properties;
		this.jobs = jobs;
	}

	@Scheduled(fixedDelayString = "${files.metadata.expiry-sweep-interval}",
			initialDelayString = "${files.metadata.expiry-sweep-interval}")
	Mono<Void> sweep() {
		// Deferred: Spring subscribes to this Mono on every run, so the cutoff is read
		// per run, not frozen at start-up.
		return this.jobs.bounded("expire pending uploads", Mono
			.defer(() -> this.files.expireStaleUploads(Instant.now().minus(this.properties.pendingUploadTtl()))));
	}

}
