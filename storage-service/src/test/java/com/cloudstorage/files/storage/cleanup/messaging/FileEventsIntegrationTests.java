package com.cloudstorage.files.storage.cleanup.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.kit.events.InvalidEventException;
import com.cloudstorage.files.storage.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static com.cloudstorage.files.storage.FileEventsTopic.deadLetter;
import static com.cloudstorage.files.storage.FileEventsTopic.fileDeleted;
import static com.cloudstorage.files.storage.FileEventsTopic.fileUploadExpired;
import static com.cloudstorage.files.storage.FileEventsTopic.fileUploaded;
import static com.cloudstorage.files.storage.FileEventsTopic.header;
import static com.cloudstorage.files.storage.FileEventsTopic.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class FileEventsIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private DatabaseClient db;

	@Test
	void fileDeletedRemovesTheObjectAndARepeatIsSkipped() {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		putObject(key);
		String eventId = UUID.randomUUID().toString();
		send(fileId, eventId, EventTypes.FILE_DELETED, fileDeleted(fileId, "local", key));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertGone(key));
		await().atMost(Duration.ofSeconds(10)).until(() -> processed(eventId));

		// The same event again, after new bytes appeared under the key: it must be
		// skipped.
		putObject(key);
		send(fileId, eventId, EventTypes.FILE_DELETED, fileDeleted(fileId, "local", key));
		// A later event on the same partition (same record key) shows the repeat was
		// consumed.
		UUID marker = UUID.randomUUID();
		putObject("files/" + marker);
		sendOnPartitionOf(fileId, marker, EventTypes.FILE_DELETED, fileDeleted(marker, "local", "files/" + marker));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertGone("files/" + marker));
		assertThat(s3().headObject((r) -> r.bucket(BUCKET).key(key)).contentLength()).isEqualTo(3);
	}

	@Test
	void fileDeletedWithAnAdditionalFieldDeletesTheObject() {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		putObject(key);
		String body = fileDeleted(fileId, "local", key).replace("}",
				",\"deletedVia\":\"retention-policy\",\"details\":{\"policy\":7}}");
		String eventId = send(fileId, EventTypes.FILE_DELETED, body);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertGone(key));
		await().atMost(Duration.ofSeconds(10)).until(() -> processed(eventId));
	}

	@Test
	void fileUploadExpiredRemovesBytesAndOnlyTheOpenMultipartUploadsOfExactlyItsKey() {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		putObject(key);
		String uploadId = s3().createMultipartUpload((r) -> r.bucket(BUCKET).key(key)).uploadId();
		assertThat(uploadId).isNotBlank();
		// Keys that start with the key: the old prefix match aborted these too.
		String childUpload = s3().createMultipartUpload((r) -> r.bucket(BUCKET).key(key + "/child")).uploadId();
		String longerUpload = s3().createMultipartUpload((r) -> r.bucket(BUCKET).key(key + "0")).uploadId();
		send(fileId, EventTypes.FILE_UPLOAD_EXPIRED, fileUploadExpired(fileId, "local", key));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertGone(key);
			assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(key)).uploads())
				.extracting((upload) -> upload.uploadId())
				.containsExactlyInAnyOrder(childUpload, longerUpload);
		});
		s3().abortMultipartUpload((r) -> r.bucket(BUCKET).key(key + "/child").uploadId(childUpload));
		s3().abortMultipartUpload((r) -> r.bucket(BUCKET).key(key + "0").uploadId(longerUpload));
	}

	@Test
	void unreachableProviderParksTheCleanupForDurableRetriesWithoutHoldingUpLaterRecords() {
		UUID fileId = UUID.randomUUID();
		String eventId = send(fileId, EventTypes.FILE_DELETED, fileDeleted(fileId, "down", "files/" + fileId));
		// A later record on the same partition is applied while the first one keeps
		// failing.
		UUID marker = UUID.randomUUID();
		putObject("files/" + marker);
		sendOnPartitionOf(fileId, marker, EventTypes.FILE_DELETED, fileDeleted(marker, "local", "files/" + marker));
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertGone("files/" + marker));
		await().atMost(Duration.ofSeconds(60)).until(() -> retryAttempts(eventId) >= 2);
		assertThat(processed(eventId)).isFalse();
		// The provider is still down: the cleanup stays parked, never dead-lettered.
		assertThat(com.cloudstorage.files.storage.FileEventsTopic.deadLetters(
				(record) -> eventId.equals(header(record, CloudEventHeaders.ID)), Duration.ofSeconds(10), false))
			.isEmpty();
		assertThat(retryAttempts(eventId)).isGreaterThanOrEqualTo(2);
		this.db.sql("DELETE FROM cleanup_retry WHERE event_id = :id").bind("id", eventId).then().block();
	}

	@Test
	void poisonRecordsGoToTheDeadLetterTopicAtOnceAndThePartitionKeepsFlowing() {
		UUID fileId = UUID.randomUUID();
		Instant sent = Instant.now();
		String badJson = send(fileId, EventTypes.FILE_DELETED, "{not json");
		String badId = send(fileId, EventTypes.FILE_DELETED, fileDeleted(fileId, "local", "files/" + fileId)
			.replace("\"id\":\"" + fileId + "\"", "\"id\":\"not-a-uuid\""));
		String longId = "x".repeat(300);
		send(fileId, longId, EventTypes.FILE_DELETED, fileDeleted(fileId, "local", "files/" + fileId));
		UUID missingIdFile = UUID.randomUUID();
		send(missingIdFile, null, EventTypes.FILE_DELETED, fileDeleted(missingIdFile, "local", "files/" + fileId));
		UUID marker = UUID.randomUUID();
		putObject("files/" + marker);
		sendOnPartitionOf(fileId, marker, EventTypes.FILE_DELETED, fileDeleted(marker, "local", "files/" + marker));

		ConsumerRecord<String, String> dead = deadLetter(badJson, Duration.ofSeconds(30));
		assertThat(dead.value()).isEqualTo("{not json");
		assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo(DeadLetters.REASON_INVALID);
		assertThat(header(dead, "kafka_dlt-exception-fqcn")).contains("InvalidEventException");
		// No retries with backoff happened: the record went straight to the DLT.
		assertThat(Duration.between(sent, Instant.ofEpochMilli(dead.timestamp()))).isLessThan(Duration.ofSeconds(20));
		assertThat(header(deadLetter(badId, Duration.ofSeconds(30)), "kafka_dlt-exception-message"))
			.contains("not a UUID");
		assertThat(header(deadLetter(longId, Duration.ofSeconds(30)), "kafka_dlt-exception-message"))
			.contains("longer than");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertGone("files/" + marker));
		assertThat(com.cloudstorage.files.storage.FileEventsTopic
			.deadLetters((record) -> missingIdFile.toString().equals(record.key()), Duration.ofSeconds(30), true))
			.singleElement()
			.satisfies((record) -> assertThat(header(record, "kafka_dlt-exception-message")).contains("ce_id"));
	}

	@Test
	void unknownEventTypesAreSkippedAndLaterRecordsStillFlow() {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		putObject(key);
		String unknown = send(fileId, "files.metadata.FileArchived.v1", "{\"id\":\"" + fileId + "\",\"tier\":1}");
		String unknownGarbage = send(fileId, "files.metadata.SomethingNew.v7", "\u0000 not json at all");
		UUID marker = UUID.randomUUID();
		putObject("files/" + marker);
		sendOnPartitionOf(fileId, marker, EventTypes.FILE_DELETED, fileDeleted(marker, "local", "files/" + marker));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertGone("files/" + marker));
		assertThat(s3().headObject((r) -> r.bucket(BUCKET).key(key)).contentLength()).isEqualTo(3);
		assertThat(processed(unknown)).isFalse();
		assertThat(
				com.cloudstorage.files.storage.FileEventsTopic.deadLetters(
						(record) -> unknown.equals(header(record, CloudEventHeaders.ID))
								|| unknownGarbage.equals(header(record, CloudEventHeaders.ID)),
						Duration.ofSeconds(10), false))
			.isEmpty();
	}

	@Test
	void forgedEventsDeleteNothingAndGoToTheDeadLetterTopicWithAReason() {
		UUID victim = UUID.randomUUID();
		String victimKey = "files/" + victim;
		putObject(victimKey);
		String victimUpload = s3().createMultipartUpload((r) -> r.bucket(BUCKET).key(victimKey)).uploadId();
		UUID forger = UUID.randomUUID();
		String otherBucket = send(forger, EventTypes.FILE_DELETED,
				fileDeleted(forger, "local", "files/" + forger).replace("\"bucket\":\"files\"", "\"bucket\":\"x\""));
		String traversal = send(forger, EventTypes.FILE_DELETED,
				fileDeleted(forger, "local", "files/" + forger + "/../" + victim));
		String barePrefix = send(forger, EventTypes.FILE_UPLOAD_EXPIRED, fileUploadExpired(forger, "local", "files"));
		String bareSlash = send(forger, EventTypes.FILE_UPLOAD_EXPIRED, fileUploadExpired(forger, "local", "files/"));
		String otherForm = send(forger, EventTypes.FILE_DELETED, fileDeleted(forger, "local", "uploads/" + forger));
		String anotherFile = send(forger, EventTypes.FILE_DELETED, fileDeleted(forger, "local", victimKey));

		for (String eventId : new String[] { otherBucket, traversal, barePrefix, bareSlash, otherForm, anotherFile }) {
			ConsumerRecord<String, String> dead = deadLetter(eventId, Duration.ofSeconds(30));
			assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo(DeadLetters.REASON_INVALID);
			assertThat(header(dead, "kafka_dlt-exception-message")).isNotBlank();
			assertThat(processed(eventId)).isFalse();
		}
		assertThat(s3().headObject((r) -> r.bucket(BUCKET).key(victimKey)).contentLength()).isEqualTo(3);
		assertThat(s3().listMultipartUploads((r) -> r.bucket(BUCKET).prefix(victimKey)).uploads())
			.extracting((upload) -> upload.uploadId())
			.contains(victimUpload);
		s3().abortMultipartUpload((r) -> r.bucket(BUCKET).key(victimKey).uploadId(victimUpload));
	}

	@Test
	void theCatalogueViewFollowsUploadsAndDeletions() {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		putObject(key);
		send(fileId, EventTypes.FILE_UPLOADED, fileUploaded(fileId, "local", key));
		await().atMost(Duration.ofSeconds(30)).until(() -> "AVAILABLE".equals(viewState(key)));
		send(fileId, EventTypes.FILE_DELETED, fileDeleted(fileId, "local", key));
		await().atMost(Duration.ofSeconds(30)).until(() -> "GONE".equals(viewState(key)));
		// A stale FileUploaded (e.g. replayed) does not bring a deleted file back.
		send(fileId, EventTypes.FILE_UPLOADED, fileUploaded(fileId, "local", key));
		UUID marker = UUID.randomUUID();
		putObject("files/" + marker);
		sendOnPartitionOf(fileId, marker, EventTypes.FILE_DELETED, fileDeleted(marker, "local", "files/" + marker));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertGone("files/" + marker));
		assertThat(viewState(key)).isEqualTo("GONE");
		assertGone(key);
	}

	/**
	 * {@code FileAssembled} (a direct session completed without a SHA-256): the key is
	 * available in the view, and the workers read the object back and publish its SHA-256
	 * as {@code StoredObjectHashed} on {@code storage.v1}, key = file id. A file whose
	 * object is gone by then (deleted meanwhile) needs none and holds nothing up.
	 */
	@Test
	void fileAssembledHasTheObjectReadBackAndItsChecksumPublished() {
		UUID fileId = UUID.randomUUID();
		String key = "files/" + fileId;
		byte[] bytes = new byte[3 * 1024 * 1024 + 17];
		new java.util.Random(5).nextBytes(bytes);
		s3().putObject((r) -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
		// Ahead on the same partition: a file whose object is gone.
		UUID gone = UUID.randomUUID();
		sendOnPartitionOf(fileId, gone, EventTypes.FILE_ASSEMBLED, assembled(gone, "files/" + gone, 3));
		send(fileId, EventTypes.FILE_ASSEMBLED,
				assembled(fileId, key, bytes.length).replace("}", ",\"addedLater\":1}"));

		java.util.List<ConsumerRecord<String, String>> hashed = com.cloudstorage.files.storage.FileEventsTopic.records(
				com.cloudstorage.files.contracts.Topics.STORAGE, (record) -> fileId.toString().equals(record.key()),
				Duration.ofSeconds(60), true);
		assertThat(hashed).hasSize(1);
		ConsumerRecord<String, String> event = hashed.get(0);
		assertThat(header(event, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.STORED_OBJECT_HASHED);
		assertThat(header(event, CloudEventHeaders.SUBJECT)).isEqualTo(fileId.toString());
		com.cloudstorage.files.contracts.EventSchemas.assertValid(EventTypes.STORED_OBJECT_HASHED, event.value());
		assertThat(event.value()).contains("\"sha256\":\"" + sha256(bytes) + "\"")
			.contains("\"size\":" + bytes.length)
			.contains("\"key\":\"" + key + "\"");
		assertThat(viewState(key)).isEqualTo("AVAILABLE");
		assertThat(
				com.cloudstorage.files.storage.FileEventsTopic.records(com.cloudstorage.files.contracts.Topics.STORAGE,
						(record) -> gone.toString().equals(record.key()), Duration.ofSeconds(5), false))
			.as("nothing to hash under a key without an object")
			.isEmpty();
	}

	private static String assembled(UUID fileId, String key, long size) {
		return "{\"id\":\"" + fileId + "\",\"size\":" + size + ",\"provider\":\"local\",\"bucket\":\""
				+ IntegrationTestSupport.BUCKET + "\",\"key\":\"" + key + "\"}";
	}

	private static String sha256(byte[] bytes) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends an event about {@code fileId} with the record key of {@code partitionOf}: the
	 * same partition, after the records sent before it.
	 */
	private static void sendOnPartitionOf(UUID partitionOf, UUID fileId, String type, String body) {
		java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
		headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
		headers.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
		headers.put(CloudEventHeaders.SOURCE, "/metadata-service");
		headers.put(CloudEventHeaders.TYPE, type);
		headers.put(CloudEventHeaders.SUBJECT, fileId.toString());
		headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
		com.cloudstorage.files.storage.FileEventsTopic.send(com.cloudstorage.files.contracts.Topics.FILES,
				partitionOf.toString(), body, headers);
	}

	private static void putObject(String key) {
		s3().putObject((r) -> r.bucket(BUCKET).key(key), RequestBody.fromString("abc"));
	}

	private static void assertGone(String key) {
		assertThatExceptionOfType(NoSuchKeyException.class)
			.isThrownBy(() -> s3().headObject((r) -> r.bucket(BUCKET).key(key)));
	}

	private boolean processed(String eventId) {
		return Boolean.TRUE.equals(this.db.sql("SELECT count(*) AS n FROM processed_event WHERE event_id = :id")
			.bind("id", eventId)
			.map((row) -> row.get("n", Long.class) > 0)
			.one()
			.block());
	}

	private int retryAttempts(String eventId) {
		return this.db.sql("SELECT attempts FROM cleanup_retry WHERE event_id = :id")
			.bind("id", eventId)
			.map((row) -> row.get("attempts", Integer.class))
			.one()
			.defaultIfEmpty(-1)
			.block();
	}

	private String viewState(String key) {
		return this.db.sql("SELECT state FROM catalogue_entry WHERE provider = 'local' AND object_key = :key")
			.bind("key", key)
			.map((row) -> row.get("state", String.class))
			.one()
			.defaultIfEmpty("NONE")
			.block();
	}

}
