package com.cloudstorage.files.metadata.file;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.MetadataProperties;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires reservations that never completed, so that storage removes any bytes written
 * under their keys.
 */
@Component
class PendingUploadSweeper {

	private static final Logger LOG = LoggerFactory.getLogger(PendingUploadSweeper.class);

	private final FileManagement files;

	private final MetadataProperties properties;

	PendingUploadSweeper(FileManagement files, MetadataProperties properties) {
		this.files = files;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${files.metadata.expiry-sweep-interval}",
			initialDelayString = "${files.metadata.expiry-sweep-interval}")
	Mono<Long> sweep() {
		return this.files.expireStaleUploads(Instant.now().minus(this.properties.pendingUploadTtl()))
			.onErrorResume((ex) -> {
				LOG.warn("Could not expire pending uploads, will retry: {}", ex.toString());
				return Mono.just(0L);
			});
	}

}
