package com.cloudstorage.files.metadata;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.localinfra.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions that outlive their TTL answer {@code 410 UploadSessionExpired} and are swept:
 * their files fail with {@code FileUploadExpired} (storage then removes the parts), and
 * they can no longer be completed. Also: a size that would need more parts than allowed
 * gets larger parts.
 */
@TestPropertySource(properties = { "files.metadata.upload-sessions.ttl=PT2S",
		"files.metadata.upload-sessions.sweep-interval=PT0.5S", "files.metadata.upload-sessions.max-parts=4" })
class UploadSessionExpiryIntegrationTests extends IntegrationTestSupport {

	private static final long MIB = 1024 * 1024;

	@Autowired
	DatabaseClient db;

	@Test
	void anExpiredSessionIsGoneAndItsFileExpires() throws InterruptedException {
		String owner = unique("exp");
		Map<?, ?> session = this.http.post()
			.uri("/internal/v1/upload-sessions")
			.headers(asGatewayFor(owner, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(UploadSessionIntegrationTests.body("late.bin", 40 * MIB, null, "proxied"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(session).isNotNull();
		// 40 MiB in at most 4 parts: 10 MiB each, not the configured 8 MiB.
		assertThat(session.get("partSize")).isEqualTo((int) (10 * MIB));
		assertThat(session.get("partCount")).isEqualTo(4);
		UUID id = UUID.fromString((String) session.get("id"));
		String fileId = (String) session.get("fileId");

		List<ConsumerRecord<String, String>> events = consume(List.of(fileId), 1);
		assertThat(header(events.get(0), CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_UPLOAD_EXPIRED);

		expectProblem(this.http.get()
			.uri("/internal/v1/upload-sessions/{id}", id)
			.headers(asGatewayFor(owner, USER))
			.exchange(), 410, "UploadSessionExpired");
		expectProblem(this.http.post()
			.uri("/internal/v1/upload-sessions/{id}/complete", id)
			.headers(asGatewayFor(owner, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("bucket", TestInfrastructure.BUCKET, "size", 40 * MIB, "sha256", sha256("late"), "etag",
					"\"e\""))
			.exchange(), 410, "UploadSessionExpired");
		// Still another caller's: not found rather than expired.
		expectProblem(this.http.get()
			.uri("/internal/v1/upload-sessions/{id}", id)
			.headers(asGatewayFor(unique("eve"), USER))
			.exchange(), 404, "NoSuchUploadSession");
		// Aborting an expired session is already done.
		this.http.post()
			.uri("/internal/v1/upload-sessions/{id}/abort", id)
			.headers(asGatewayFor(owner, USER))
			.exchange()
			.expectStatus()
			.isNoContent();
		// Several sweeps later there is still exactly one event for the file.
		Thread.sleep(Duration.ofSeconds(2).toMillis());
		Long outboxRows = this.db.sql("SELECT count(*) AS n FROM outbox WHERE aggregate_id = :id")
			.bind("id", UUID.fromString(fileId))
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
		assertThat(outboxRows).isEqualTo(1L);
	}

}
