package com.cloudstorage.files.metadata;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.localinfra.TestInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upload sessions at metadata-service on real PostgreSQL and Kafka: the file is reserved
 * when the session opens and becomes available only through the session's completion,
 * with {@code FileUploaded} exactly as for a plain upload; limits are checked before any
 * byte moves; another caller's session does not exist for them.
 */
class UploadSessionIntegrationTests extends IntegrationTestSupport {

	private static final long MIB = 1024 * 1024;

	@Autowired
	DatabaseClient db;

	@Test
	void aSessionReservesAFileThatOnlyItsCompletionMakesAvailable() {
		String owner = unique("sam");
		String sha256 = sha256("twenty megabytes, say");
		Map<?, ?> session = open(owner, body("plan.pdf", 20 * MIB + 1, sha256, "direct")).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(session).isNotNull();
		UUID id = UUID.fromString((String) session.get("id"));
		UUID fileId = UUID.fromString((String) session.get("fileId"));
		assertThat(session.get("partSize")).isEqualTo((int) (8 * MIB));
		assertThat(session.get("partCount")).isEqualTo(3);
		assertThat(session.get("mode")).isEqualTo("direct");
		assertThat(session.get("key")).isEqualTo("files/" + fileId);
		assertThat(session.get("expiresAt")).isNotNull();
		// PENDING: neither readable nor listed.
		expectProblem(this.http.get()
			.uri("/api/v1/files/{id}", fileId)
			.header("Authorization", bearer(owner, USER))
			.exchange(), 404, "NoSuchFile");
		this.http.get()
			.uri("/api/v1/files")
			.header("Authorization", bearer(owner, USER))
			.exchange()
			.expectBody()
			// Other classes' public files may be listed too; this one never is.
			.jsonPath("$.items[?(@.id == '" + fileId + "')]")
			.doesNotExist();

		this.http.get()
			.uri("/internal/v1/upload-sessions/{id}", id)
			.headers(asGatewayFor(owner, USER))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("OPEN");
		expectProblem(this.http.get()
			.uri("/internal/v1/upload-sessions/{id}", id)
			.headers(asGatewayFor(unique("eve"), USER))
			.exchange(), 404, "NoSuchUploadSession");

		// What storage found must be what the session announced.
		expectProblem(completeSession(owner, id, 20 * MIB, sha256), 422, "SizeMismatch");
		expectProblem(completeSession(owner, id, 20 * MIB + 1, sha256("other bytes")), 422, "ChecksumMismatch");
		expectProblem(completeSession(unique("eve"), id, 20 * MIB + 1, sha256), 404, "NoSuchUploadSession");

		completeSession(owner, id, 20 * MIB + 1, sha256).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(fileId.toString())
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE")
			.jsonPath("$.sha256")
			.isEqualTo(sha256)
			.jsonPath("$.name")
			.isEqualTo("plan.pdf");
		List<ConsumerRecord<String, String>> events = consume(List.of(fileId.toString()), 1);
		assertThat(header(events.get(0), CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_UPLOADED);
		assertThat(events.get(0).value()).contains(sha256).containsPattern("\"size\":\\s*" + (20 * MIB + 1));
		// Completed sessions are over.
		expectProblem(this.http.get()
			.uri("/internal/v1/upload-sessions/{id}", id)
			.headers(asGatewayFor(owner, USER))
			.exchange(), 404, "NoSuchUploadSession");
	}

	/**
	 * A completion whose answer was lost after it committed is asked again (by the
	 * gateway on the client's retry, or by a second request that raced the first): it
	 * answers the file again, and nothing changes, no second {@code FileUploaded}.
	 * (Before, the retry answered {@code 404 NoSuchUploadSession}.)
	 */
	@Test
	void aCompletionAskedAgainAfterItCommittedAnswersTheSameFileWithoutASecondEvent() {
		String owner = unique("ray");
		String sha256 = sha256("asked twice");
		Map<?, ?> session = open(owner, body("twice.pdf", 9 * MIB, sha256, "direct")).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(session).isNotNull();
		UUID id = UUID.fromString((String) session.get("id"));
		String fileId = (String) session.get("fileId");
		completeSession(owner, id, 9 * MIB, sha256).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(fileId);

		// The gateway looks the session up with completed=true first: done, no grants.
		this.http.get()
			.uri("/internal/v1/upload-sessions/{id}?completed=true", id)
			.headers(asGatewayFor(owner, USER))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("COMPLETED")
			.jsonPath("$.fileId")
			.isEqualTo(fileId)
			.jsonPath("$.storageGrant")
			.doesNotExist()
			.jsonPath("$.storageReadGrant")
			.doesNotExist();
		expectProblem(this.http.get()
			.uri("/internal/v1/upload-sessions/{id}?completed=true", id)
			.headers(asGatewayFor(unique("eve"), USER))
			.exchange(), 404, "NoSuchUploadSession");
		// Writing is over for good.
		expectProblem(this.http.put()
			.uri("/internal/v1/upload-sessions/{id}/writers/{writer}", id, UUID.randomUUID())
			.headers(asGatewayFor(owner, USER))
			.exchange(), 404, "NoSuchUploadSession");

		for (int again = 0; again < 2; again++) {
			completeSession(owner, id, 9 * MIB, sha256).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.id")
				.isEqualTo(fileId)
				.jsonPath("$.status")
				.isEqualTo("AVAILABLE")
				.jsonPath("$.sha256")
				.isEqualTo(sha256);
		}
		expectProblem(completeSession(unique("eve"), id, 9 * MIB, sha256), 404, "NoSuchUploadSession");
		assertThat(outboxRows(fileId, EventTypes.FILE_UPLOADED)).as("FileUploaded in the outbox").isEqualTo(1);
		assertThat(consume(List.of(fileId), 1)).hasSize(1);

		// Once the file is deleted, the session's completion is gone with it.
		this.http.delete()
			.uri("/api/v1/files/{id}", fileId)
			.header("Authorization", bearer(owner, USER))
			.exchange()
			.expectStatus()
			.isNoContent();
		expectProblem(completeSession(owner, id, 9 * MIB, sha256), 404, "NoSuchUploadSession");
		assertThat(outboxRows(fileId, EventTypes.FILE_UPLOADED)).isEqualTo(1);
	}

	private long outboxRows(String fileId, String type) {
		Long count = this.db.sql("SELECT count(*) AS n FROM outbox WHERE aggregate_id = :id AND event_type = :type")
			.bind("id", UUID.fromString(fileId))
			.bind("type", type)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
		return (count != null) ? count : -1;
	}

	@Test
	void anEmptyFileIsASessionWithoutPartsCompletedWithAnEmptyObject() {
		String owner = unique("nil");
		String empty = sha256("");
		Map<?, ?> session = open(owner, body("empty.txt", 0, empty, "proxied")).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(session).isNotNull();
		assertThat(session.get("partCount")).isEqualTo(0);
		assertThat(session.get("size")).isEqualTo(0);
		UUID id = UUID.fromString((String) session.get("id"));
		String fileId = (String) session.get("fileId");

		expectProblem(completeSession(owner, id, 1, empty), 422, "SizeMismatch");
		completeSession(owner, id, 0, empty).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE")
			.jsonPath("$.size")
			.isEqualTo(0)
			.jsonPath("$.sha256")
			.isEqualTo(empty);
		List<ConsumerRecord<String, String>> events = consume(List.of(fileId), 1);
		assertThat(header(events.get(0), CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_UPLOADED);
		assertThat(events.get(0).value()).containsPattern("\"size\":\\s*0\\b");
	}

	@Test
	void oneWriterAtATimeHoldsASession() {
		String owner = unique("wri");
		Map<?, ?> session = open(owner, body("written.bin", 100, null, "proxied")).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(session).isNotNull();
		UUID id = UUID.fromString((String) session.get("id"));
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();

		writer(HttpMethod.PUT, owner, id, first).expectStatus().isNoContent();
		// Renewing is claiming again.
		writer(HttpMethod.PUT, owner, id, first).expectStatus().isNoContent();
		expectProblem(writer(HttpMethod.PUT, owner, id, second), 409, "UploadOffsetMismatch");
		expectProblem(writer(HttpMethod.PUT, unique("eve"), id, second), 404, "NoSuchUploadSession");
		// Only the holder frees it.
		writer(HttpMethod.DELETE, owner, id, second).expectStatus().isNoContent();
		expectProblem(writer(HttpMethod.PUT, owner, id, second), 409, "UploadOffsetMismatch");
		writer(HttpMethod.DELETE, owner, id, first).expectStatus().isNoContent();
		writer(HttpMethod.DELETE, owner, id, first).expectStatus().isNoContent();
		writer(HttpMethod.PUT, owner, id, second).expectStatus().isNoContent();

		// A lease that ran out is free (as if its gateway died).
		this.db.sql("UPDATE upload_session SET writer_until = now() - interval '1 second' WHERE id = :id")
			.bind("id", id)
			.then()
			.block(Duration.ofSeconds(10));
		writer(HttpMethod.PUT, owner, id, first).expectStatus().isNoContent();
		expectProblem(writer(HttpMethod.PUT, owner, id, second), 409, "UploadOffsetMismatch");

		abort(owner, id).expectStatus().isNoContent();
		expectProblem(writer(HttpMethod.PUT, owner, id, first), 404, "NoSuchUploadSession");
	}

	@Test
	void abortingFailsTheFileWithFileUploadExpiredOnce() {
		String owner = unique("abe");
		Map<?, ?> session = open(owner, body("gone.bin", 100, null, "proxied")).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(session).isNotNull();
		assertThat(session.get("partCount")).isEqualTo(1);
		assertThat(session.get("partSize")).isEqualTo((int) (8 * MIB));
		UUID id = UUID.fromString((String) session.get("id"));
		String fileId = (String) session.get("fileId");

		expectProblem(abort(unique("eve"), id), 404, "NoSuchUploadSession");
		abort(owner, id).expectStatus().isNoContent();
		abort(owner, id).expectStatus().isNoContent();

		List<ConsumerRecord<String, String>> events = consume(List.of(fileId), 1);
		assertThat(header(events.get(0), CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_UPLOAD_EXPIRED);
		assertThat(events.get(0).value()).contains("files/" + fileId);
		expectProblem(completeSession(owner, id, 100, sha256("x")), 404, "NoSuchUploadSession");
	}

	@Test
	void limitsAndBadFieldsAreRefusedBeforeAnythingIsReserved() {
		String owner = unique("lim");
		expectProblem(open(owner, body("huge.bin", 5368709121L, null, "direct")), 413, "EntityTooLarge");
		expectProblem(open(owner, body("negative.bin", -1, null, "direct")), 400, "InvalidRequest");
		expectProblem(open(owner, body("x.bin", 10, null, "sideways")), 400, "InvalidRequest");
		expectProblem(open(owner, body("x.bin", 10, "not-a-hash", "direct")), 400, "InvalidRequest");
		expectProblem(open(owner, body("../x.bin", 10, null, "direct")), 400, "InvalidFileName");
		Map<String, Object> unknownField = body("x.bin", 10, null, "direct");
		unknownField.put("partSize", 1);
		expectProblem(open(owner, unknownField), 400, "InvalidRequest");
		expectProblem(this.http.get()
			.uri("/internal/v1/upload-sessions/{id}", "not-a-uuid")
			.headers(asGatewayFor(owner, USER))
			.exchange(), 400, "InvalidRequest");
		expectProblem(this.http.post()
			.uri("/internal/v1/upload-sessions")
			.headers(asGatewayFor(owner, "files:read"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body("x.bin", 10, null, "direct"))
			.exchange(), 403, "Forbidden");
		// Nothing was reserved by any of these.
		assertThat(consumeNothingFor(owner)).isTrue();
	}

	/** None of the refused requests left a file behind: the owner has none at all. */
	private boolean consumeNothingFor(String owner) {
		Long count = this.db.sql("SELECT count(*) AS n FROM files WHERE owner = :owner")
			.bind("owner", owner)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
		return count != null && count == 0;
	}

	static Map<String, Object> body(String name, long size, String sha256, String mode) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("contentType", "application/pdf");
		body.put("size", size);
		body.put("sha256", sha256);
		body.put("private", true);
		body.put("mode", mode);
		return body;
	}

	WebTestClient.ResponseSpec open(String owner, Map<String, Object> body) {
		return this.http.post()
			.uri("/internal/v1/upload-sessions")
			.headers(asGatewayFor(owner, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	WebTestClient.ResponseSpec completeSession(String owner, UUID id, long size, String sha256) {
		return this.http.post()
			.uri("/internal/v1/upload-sessions/{id}/complete", id)
			.headers(asGatewayFor(owner, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("bucket", TestInfrastructure.BUCKET, "size", size, "sha256", sha256, "etag", "\"e-1\""))
			.exchange();
	}

	WebTestClient.ResponseSpec writer(HttpMethod method, String owner, UUID id, UUID writer) {
		return this.http.method(method)
			.uri("/internal/v1/upload-sessions/{id}/writers/{writer}", id, writer)
			.headers(asGatewayFor(owner, USER))
			.exchange();
	}

	WebTestClient.ResponseSpec abort(String owner, UUID id) {
		return this.http.post()
			.uri("/internal/v1/upload-sessions/{id}/abort", id)
			.headers(asGatewayFor(owner, USER))
			.exchange();
	}

}
