package com.cloudstorage.files.metadata.session;

import java.time.Instant;

import com.cloudstorage.files.kit.scheduling.ScheduledJob;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Aborts sessions whose expiry passed: their files fail with {@code FileUploadExpired},
 * on which storage-service aborts the multipart upload and removes its parts.
 */
@Configuration(proxyBeanMethods = false)
class UploadSessionSweeper {

	@Bean
	ScheduledJob expireUploadSessions(UploadSessionManagement sessions, UploadSessionProperties properties) {
		return ScheduledJob.every(properties.sweepInterval(), "expire upload sessions",
				() -> sessions.expire(Instant.now()));
	}

}
