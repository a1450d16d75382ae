package com.cloudstorage.files.metadata.file;

import java.time.Instant;

import com.cloudstorage.files.kit.scheduling.ScheduledJob;
import com.cloudstorage.files.metadata.MetadataProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Expires reservations that never completed, so that storage removes any bytes written
 * under their keys.
 */
@Configuration(proxyBeanMethods = false)
class PendingUploadSweeper {

	@Bean
	ScheduledJob expirePendingUploads(FileManagement files, MetadataProperties properties) {
		// The cutoff is read per run, not frozen at start-up.
		return ScheduledJob.every(properties.expirySweepInterval(), "expire pending uploads",
				() -> files.expireStaleUploads(Instant.now().minus(properties.pendingUploadTtl())));
	}

}
