package com.cloudstorage.files.storage.reconcile;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.storage.FlakyS3Server;
import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.TestTokens;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static com.cloudstorage.files.storage.FileEventsTopic.fileUploadExpired;
import static com.cloudstorage.files.storage.FileEventsTopic.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bytes storage-service wrote are never taken for orphans while their file's event is on
 * its way, however late it comes (metadata's outbox waiting for Kafka, a lagging
 * consumer): under load the scheduled reconciler once removed an uploaded file's bytes
 * because its {@code FileUploaded} had not been applied within the orphan age. Bytes that
 * storage did not write are still removed, and the late event still decides.
 */
class BytesAwaitingTheirEventIntegrationTests extends IntegrationTestSupport {

	private static final String PROVIDER = "flaky";

	private static final String WRITE = TestTokens.service();

	@Test
	void writtenBytesWaitForTheirEventWhileStrayBytesAreRemoved() {
		FlakyS3Server s3 = FlakyS3Server.get();
		UUID written = UUID.randomUUID();
		this.client.put()
			.uri("/internal/v1/objects/{provider}?key={key}&maxBytes={max}", PROVIDER, key(written), 10_000)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue("an upload whose event is late".getBytes())
			.exchange()
			.expectStatus()
			.isOk();
		// Bytes no upload of ours wrote, newer than the written ones.
		String stray = key(UUID.randomUUID());
		s3.client().putObject((r) -> r.bucket(BUCKET).key(stray), RequestBody.fromString("stray"));

		// The scheduled reconciler (every 2 s, orphan age 15 s) removes the stray bytes;
		// by then the written ones are older than the orphan age too.
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> !s3.keys(BUCKET, "files/").contains(stray));
		assertThat(s3.keys(BUCKET, "files/")).contains(key(written));

		// The late event arrives: the upload expired, so its bytes go.
		send(written, EventTypes.FILE_UPLOAD_EXPIRED, fileUploadExpired(written, PROVIDER, key(written)));
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> !s3.keys(BUCKET, "files/").contains(key(written)));
	}

	private static String key(UUID id) {
		return "files/" + id;
	}

}
