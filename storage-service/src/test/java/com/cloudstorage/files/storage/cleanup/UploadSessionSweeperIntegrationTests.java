package com.cloudstorage.files.storage.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.upload.UploadSession;
import com.cloudstorage.files.storage.upload.UploadSessions;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class UploadSessionSweeperIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private UploadSessionSweeper sweeper;

	@Autowired
	private UploadSessions sessions;

	@Test
	void staleMultipartUploadsAreAbortedAndFreshOnesKept() {
		String staleKey = "files/" + UUID.randomUUID();
		String freshKey = "files/" + UUID.randomUUID();
		String staleId = s3().createMultipartUpload((r) -> r.bucket(BUCKET).key(staleKey)).uploadId();
		String freshId = s3().createMultipartUpload((r) -> r.bucket(BUCKET).key(freshKey)).uploadId();
		Instant now = Instant.now();
		this.sessions.started(new UploadSession(staleId, "local", BUCKET, staleKey, now.minus(Duration.ofHours(7))))
			.as(StepVerifier::create)
			.verifyComplete();
		this.sessions.started(new UploadSession(freshId, "local", BUCKET, freshKey, now))
			.as(StepVerifier::create)
			.verifyComplete();

		this.sweeper.sweepStartedBefore(now.minus(Duration.ofHours(6))).as(StepVerifier::create).verifyComplete();

		assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(staleKey)).uploads()).isEmpty();
		assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(freshKey)).uploads()).hasSize(1);
		this.sessions.forKey("local", staleKey).as(StepVerifier::create).verifyComplete();
		this.sessions.forKey("local", freshKey)
			.as(StepVerifier::create)
			.expectNextMatches((session) -> session.uploadId().equals(freshId))
			.verifyComplete();

		// Leave nothing for the other tests that count open sessions.
		this.sessions.ended(freshId).as(StepVerifier::create).verifyComplete();
		s3().abortMultipartUpload((r) -> r.bucket(BUCKET).key(freshKey).uploadId(freshId));
	}

}
