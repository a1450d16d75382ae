package com.cloudstorage.files.metadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.metadata.file.FileManagement;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The public and internal HTTP API end to end, with real PostgreSQL and Kafka. */
class MetadataServiceIntegrationTests extends IntegrationTestSupport {

	@Autowired
	FileManagement fileManagement;

	@Autowired
	DatabaseClient db;

	@Test
	void reserveCompleteReadAttachSubmitAndDelete() {
		String alice = unique("alice");
		String invoice = unique("INV");
		UUID id = reserve(alice, reservation("report.pdf", true, "invoices", List.of()));

		this.http.post()
			.uri("/internal/v1/uploads")
			.headers(asGatewayFor(alice, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(reservation("other.pdf", true, null, List.of()))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.provider")
			.isEqualTo("local")
			.jsonPath("$.key")
			.value(String.class, (key) -> assertThat(key).startsWith("files/").doesNotContain("other"))
			.jsonPath("$.maxBytes")
			.isEqualTo(5368709120L);

		// Not visible until complete.
		this.http.get()
			.uri("/api/v1/files/{id}", id)
			.header("Authorization", bearer(alice, USER))
			.exchange()
			.expectStatus()
			.isNotFound();

		complete(alice, id, "report.pdf").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id.toString())
			.jsonPath("$.status")
			.isEqualTo("AVAILABLE")
			.jsonPath("$.size")
			.isEqualTo(1234)
			.jsonPath("$.sha256")
			.isEqualTo(sha256("report.pdf"))
			.jsonPath("$.private")
			.isEqualTo(true)
			.jsonPath("$.folder")
			.isEqualTo("invoices")
			.jsonPath("$.owner")
			.isEqualTo(alice)
			.jsonPath("$.key")
			.doesNotExist();

		this.http.get()
			.uri("/api/v1/files/{id}", id)
			.header("Authorization", bearer(alice, READ))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("report.pdf")
			.jsonPath("$.contentType")
			.isEqualTo("application/pdf")
			.jsonPath("$.createdAt")
			.value(String.class, (createdAt) -> assertThat(Instant.parse(createdAt)).isBefore(Instant.now()))
			.jsonPath("$.attachments")
			.isEmpty();

		this.http.get()
			.uri("/internal/v1/files/{id}/location", id)
			.headers(asGatewayFor(alice, READ))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.fileId")
			.isEqualTo(id.toString())
			.jsonPath("$.provider")
			.isEqualTo("local")
			.jsonPath("$.bucket")
			.isEqualTo(TestInfrastructure.BUCKET)
			.jsonPath("$.key")
			.isEqualTo("files/" + id)
			.jsonPath("$.etag")
			.isEqualTo("\"etag-" + id + "\"");

		for (int i = 0; i < 2; i++) {
			// Twice: attaching is idempotent.
			this.http.post()
				.uri("/api/v1/files/{id}/attachments", id)
				.header("Authorization", bearer(alice, USER))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("type", "Sales Invoice", "name", invoice))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.attachments.length()")
				.isEqualTo(1)
				.jsonPath("$.attachments[0].type")
				.isEqualTo("Sales Invoice")
				.jsonPath("$.attachments[0].name")
				.isEqualTo(invoice);
		}

		putDocument("Sales Invoice", invoice, "submitted").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("Sales Invoice")
			.jsonPath("$.name")
			.isEqualTo(invoice)
			.jsonPath("$.status")
			.isEqualTo("submitted");

		this.http.get()
			.uri("/api/v1/files/{id}", id)
			.header("Authorization", bearer(alice, READ))
			.exchange()
			.expectBody()
			.jsonPath("$.attachments[0].documentStatus")
			.isEqualTo("submitted");

		// The file and all its attachments come from one joined read: each attachment
		// once, in order, with its own document's status.
		String note = unique("DN");
		this.http.post()
			.uri("/api/v1/files/{id}/attachments", id)
			.header("Authorization", bearer(alice, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("type", "Delivery Note", "name", note))
			.exchange()
			.expectStatus()
			.isOk();
		this.http.get()
			.uri("/api/v1/files/{id}", id)
			.header("Authorization", bearer(alice, READ))
			.exchange()
			.expectBody()
			.jsonPath("$.attachments.length()")
			.isEqualTo(2)
			.jsonPath("$.attachments[0].type")
			.isEqualTo("Delivery Note")
			.jsonPath("$.attachments[0].documentStatus")
			.doesNotExist()
			.jsonPath("$.attachments[1].name")
			.isEqualTo(invoice)
			.jsonPath("$.attachments[1].documentStatus")
			.isEqualTo("submitted");
		this.http.delete()
			.uri("/api/v1/files/{id}/attachments/{type}/{name}", id, "Delivery Note", note)
			.header("Authorization", bearer(alice, USER))
			.exchange()
			.expectStatus()
			.isNoContent();

		WebTestClient.ResponseSpec refused = delete(alice, id, false);
		expectProblem(refused, 409, "FileAttachedToSubmittedDocument");
		delete(alice, id, false).expectBody()
			.jsonPath("$.documents.length()")
			.isEqualTo(1)
			.jsonPath("$.documents[0].type")
			.isEqualTo("Sales Invoice")
			.jsonPath("$.documents[0].name")
			.isEqualTo(invoice);
		// force is only for admins.
		expectProblem(delete(alice, id, true), 409, "FileAttachedToSubmittedDocument");

		this.http.delete()
			.uri("/api/v1/files/{id}/attachments/{type}/{name}", id, "Sales Invoice", invoice)
			.header("Authorization", bearer(alice, USER))
			.exchange()
			.expectStatus()
			.isNoContent();
		expectProblem(this.http.delete()
			.uri("/api/v1/files/{id}/attachments/{type}/{name}", id, "Sales Invoice", invoice)
			.header("Authorization", bearer(alice, USER))
			.exchange(), 404, "NotFound");

		delete(alice, id, false).expectStatus().isNoContent();
		expectProblem(
				this.http.get().uri("/api/v1/files/{id}", id).header("Authorization", bearer(alice, READ)).exchange(),
				404, "NoSuchFile");
		expectProblem(delete(alice, id, false), 404, "NoSuchFile");

		assertThat(outboxTypes(id)).containsExactly(EventTypes.FILE_UPLOADED, EventTypes.FILE_DELETED);
	}

	@Test
	void adminForcesDeletionOfFileAttachedToSubmittedDocument() {
		String owner = unique("owner");
		String order = unique("SO");
		UUID id = reserve(owner,
				reservation("contract.pdf", true, null, List.of(Map.of("type", "Sales Order", "name", order))));
		complete(owner, id, "contract.pdf").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.attachments[0].name")
			.isEqualTo(order);
		putDocument("Sales Order", order, "submitted").expectStatus().isOk();

		expectProblem(delete(owner, id, false), 409, "FileAttachedToSubmittedDocument");
		this.http.delete()
			.uri("/api/v1/files/{id}?force=true", id)
			.header("Authorization", bearer(unique("admin"), READ, DELETE, ADMIN))
			.exchange()
			.expectStatus()
			.isNoContent();
		expectProblem(
				this.http.get().uri("/api/v1/files/{id}", id).header("Authorization", bearer(owner, READ)).exchange(),
				404, "NoSuchFile");
		assertThat(this.db.sql("SELECT deleted_by FROM files WHERE id = :id")
			.bind("id", id)
			.map((row) -> row.get("deleted_by", String.class))
			.one()
			.block()).startsWith("admin-");
	}

	@Test
	void documentStatusFromKafkaIsAppliedOncePerEventId() throws Exception {
		String owner = unique("erp-user");
		String invoice = unique("INV");
		String marker = unique("MARK");
		UUID id = reserve(owner,
				reservation("scan.png", true, null, List.of(Map.of("type", "Purchase Invoice", "name", invoice))));
		complete(owner, id, "scan.png").expectStatus().isOk();
		UUID markerFile = reserve(owner,
				reservation("marker.txt", true, null, List.of(Map.of("type", "Purchase Invoice", "name", marker))));
		complete(owner, markerFile, "marker.txt").expectStatus().isOk();

		String eventId = UUID.randomUUID().toString();
		try (KafkaProducer<String, String> producer = producer()) {
			send(producer, eventId, invoice, "submitted", Instant.now());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(documentStatusSeenBy(owner, id)).isEqualTo("submitted"));
			expectProblem(delete(owner, id, false), 409, "FileAttachedToSubmittedDocument");

			// Redelivery of the same ce_id, even with a later time and another status,
			// must not apply again.
			send(producer, eventId, invoice, "cancelled", Instant.now().plusSeconds(5));
			// Same partition, sent after: once it is visible the redelivery has been
			// consumed too.
			send(producer, UUID.randomUUID().toString(), marker, "submitted", Instant.now());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(documentStatusSeenBy(owner, markerFile)).isEqualTo("submitted"));
			Thread.sleep(500);
		}
		assertThat(documentStatusSeenBy(owner, id)).isEqualTo("submitted");
		assertThat(this.db.sql("SELECT count(*) AS n FROM processed_event WHERE event_id = :id")
			.bind("id", eventId)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block()).isEqualTo(1L);
	}

	@Test
	void listsNewestFirstWithFiltersAndCursorPaging() {
		String bob = unique("bob");
		String carol = unique("carol");
		String folder = unique("folder");
		String tag = unique("tag");
		List<UUID> bobs = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			bobs.add(upload(bob, tag + "-file" + i + ".txt", true, folder));
		}
		UUID percent = upload(bob, tag + "-Quarter_50%.TXT", true, unique("other"));
		UUID carolsPublic = upload(carol, tag + "-public.txt", false, folder);
		upload(carol, tag + "-secret.txt", true, folder);

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Map<String, Object> page = (cursor != null) ? list(bob, "folder", folder, "limit", "2", "cursor", cursor)
					: list(bob, "folder", folder, "limit", "2");
			List<Map<String, Object>> items = items(page);
			assertThat(items).hasSizeLessThanOrEqualTo(2);
			items.forEach((item) -> seen.add((String) item.get("id")));
			cursor = (String) page.get("nextCursor");
			pages++;
		}
		while (cursor != null && pages < 10);
		List<String> expected = new ArrayList<>();
		expected.add(carolsPublic.toString());
		for (int i = bobs.size() - 1; i >= 0; i--) {
			expected.add(bobs.get(i).toString());
		}
		assertThat(seen).as("newest first, own and public files, others' private ones hidden").isEqualTo(expected);
		assertThat(pages).isEqualTo(3);

		// Carol's listing holds her public and private files but not Bob's private ones.
		assertThat(ids(list(carol, "folder", folder))).hasSize(2)
			.doesNotContainAnyElementsOf(bobs.stream().map(UUID::toString).toList());

		// q is case-insensitive and LIKE wildcards are literal.
		assertThat(ids(list(bob, "q", tag + "-quarter_50%"))).containsExactly(percent.toString());
		assertThat(ids(list(bob, "q", tag + "%"))).isEmpty();
		assertThat(ids(list(bob, "q", tag + "-FILE"))).hasSize(5);

		String doc = unique("DOC");
		for (UUID id : bobs.subList(0, 2)) {
			this.http.post()
				.uri("/api/v1/files/{id}/attachments", id)
				.header("Authorization", bearer(bob, USER))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("type", "Quote", "name", doc))
				.exchange()
				.expectStatus()
				.isOk();
		}
		assertThat(ids(list(bob, "attachedToType", "Quote", "attachedToName", doc)))
			.containsExactly(bobs.get(1).toString(), bobs.get(0).toString());
		expectProblem(this.http.get()
			.uri("/api/v1/files?attachedToType=Quote")
			.header("Authorization", bearer(bob, READ))
			.exchange(), 400, "InvalidRequest");
	}

	@Test
	void abortAndExpiryEndReservations() {
		String dave = unique("dave");
		UUID aborted = reserve(dave, reservation("aborted.bin", true, null, List.of()));
		abort(dave, aborted).expectStatus().isNoContent();
		abort(dave, aborted).expectStatus().isNoContent();
		expectProblem(complete(dave, aborted, "aborted.bin"), 404, "NoSuchFile");
		assertThat(status(aborted)).isEqualTo("FAILED");

		UUID stale = reserve(dave, reservation("stale.bin", true, null, List.of()));
		// The sweeper uses now - ttl; asking for "older than a second from now" expires
		// it at once.
		Long expired = this.fileManagement.expireStaleUploads(Instant.now().plusSeconds(1)).block();
		assertThat(expired).isPositive();
		assertThat(status(stale)).isEqualTo("EXPIRED");
		expectProblem(complete(dave, stale, "stale.bin"), 404, "NoSuchFile");

		assertThat(outboxTypes(aborted)).containsExactly(EventTypes.FILE_UPLOAD_EXPIRED);
		assertThat(outboxTypes(stale)).containsExactly(EventTypes.FILE_UPLOAD_EXPIRED);

		UUID completed = upload(dave, "done.bin", true, null);
		expectProblem(abort(dave, completed), 404, "NoSuchFile");
		expectProblem(abort(unique("mallory"), stale), 404, "NoSuchFile");
	}

	@Test
	void authenticationScopesAndOwnership() {
		String erin = unique("erin");
		String frank = unique("frank");
		UUID secret = upload(erin, "secret.txt", true, null);
		UUID shared = upload(erin, "shared.txt", false, null);

		expectProblem(this.http.get().uri("/api/v1/files/{id}", secret).exchange(), 401, "Unauthorized");
		expectProblem(this.http.get().uri("/api/v1/files").exchange(), 401, "Unauthorized");
		expectProblem(this.http.get()
			.uri("/api/v1/files/{id}", secret)
			.header("Authorization", "Bearer " + TestTokens.forged(erin, READ))
			.exchange(), 401, "Unauthorized");
		expectProblem(this.http.get()
			.uri("/api/v1/files/{id}", secret)
			.header("Authorization", "Bearer " + TestTokens.expired(erin, READ))
			.exchange(), 401, "Unauthorized");
		expectProblem(this.http.get()
			.uri("/api/v1/files/{id}", secret)
			.header("Authorization", bearer(erin, WRITE))
			.exchange(), 403, "Forbidden");
		expectProblem(this.http.delete()
			.uri("/api/v1/files/{id}", secret)
			.header("Authorization", bearer(erin, READ, WRITE))
			.exchange(), 403, "Forbidden");
		expectProblem(this.http.put()
			.uri("/api/v1/documents/{type}/{name}", "Quote", "Q-1")
			.header("Authorization", bearer(erin, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", "draft"))
			.exchange(), 403, "Forbidden");

		// Someone else's private file does not exist for Frank, whatever he tries.
		expectProblem(this.http.get()
			.uri("/api/v1/files/{id}", secret)
			.header("Authorization", bearer(frank, USER))
			.exchange(), 404, "NoSuchFile");
		expectProblem(this.http.get()
			.uri("/internal/v1/files/{id}/location", secret)
			.headers(asGatewayFor(frank, USER))
			.exchange(), 404, "NoSuchFile");
		expectProblem(delete(frank, secret, false), 404, "NoSuchFile");
		expectProblem(this.http.post()
			.uri("/api/v1/files/{id}/attachments", secret)
			.header("Authorization", bearer(frank, USER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("type", "Quote", "name", "Q-1"))
			.exchange(), 404, "NoSuchFile");

		// A public file can be read by anyone with files:read, but changed only by its
		// owner or an admin.
		this.http.get()
			.uri("/api/v1/files/{id}", shared)
			.header("Authorization", bearer(frank, READ))
			.exchange()
			.expectStatus()
			.isOk();
		expectProblem(delete(frank, shared, false), 403, "Forbidden");

		// Admins read private files.
		this.http.get()
			.uri("/api/v1/files/{id}", secret)
			.header("Authorization", bearer(unique("admin"), READ, ADMIN))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.owner")
			.isEqualTo(erin);

		this.http.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

	@Test
	void rejectsBadInput() {
		String gina = unique("gina");
		for (String name : List.of("", "a/b", "a\\b", ".", "..", "nul\u0000byte", "bell\u0007", "tab\tname",
				"é".repeat(128))) {
			expectProblem(this.http.post()
				.uri("/internal/v1/uploads")
				.headers(asGatewayFor(gina, USER))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(reservation(name, true, null, List.of()))
				.exchange(), 400, "InvalidFileName");
		}
		// 255 UTF-8 bytes is the limit, and dots inside a name are fine.
		reserve(gina, reservation("x".repeat(253) + "é", true, null, List.of()));
		reserve(gina, reservation("archive..tar.gz", true, null, List.of()));

		expectProblem(postJson("/internal/v1/uploads", gina, "{\"name\":\"a.txt\",\"colour\":\"red\"}"), 400,
				"InvalidRequest");
		expectProblem(postJson("/internal/v1/uploads", gina, "{\"name\":\"a.txt\",\"private\":\"yes\"}"), 400,
				"InvalidRequest");
		expectProblem(postJson("/internal/v1/uploads", gina, "{\"name\":123}"), 400, "InvalidRequest");
		expectProblem(postJson("/internal/v1/uploads", gina, "{\"name\":\"a.txt\",\"attachments\":\"x\"}"), 400,
				"InvalidRequest");
		expectProblem(postJson("/internal/v1/uploads", gina, "{\"name\":"), 400, "InvalidRequest");
		expectProblem(postJson("/internal/v1/uploads", gina, "{\"name\":\"a.txt\",\"folder\":\"a/../b\"}"), 400,
				"InvalidRequest");
		UUID id = reserve(gina, reservation("ok.txt", true, null, List.of()));
		expectProblem(
				postJson("/internal/v1/uploads/" + id + "/complete", gina,
						"{\"bucket\":\"files\",\"size\":\"big\",\"sha256\":\"" + sha256("x") + "\"}"),
				400, "InvalidRequest");
		expectProblem(postJson("/internal/v1/uploads/" + id + "/complete", gina,
				"{\"bucket\":\"files\",\"size\":1,\"sha256\":\"not-hex\"}"), 400, "InvalidRequest");

		expectProblem(
				this.http.get().uri("/api/v1/files/not-a-uuid").header("Authorization", bearer(gina, READ)).exchange(),
				400, "InvalidRequest");
		expectProblem(
				this.http.get().uri("/api/v1/files?limit=0").header("Authorization", bearer(gina, READ)).exchange(),
				400, "InvalidRequest");
		expectProblem(
				this.http.get().uri("/api/v1/files?limit=many").header("Authorization", bearer(gina, READ)).exchange(),
				400, "InvalidRequest");
		expectProblem(this.http.get()
			.uri("/api/v1/files?cursor=garbage")
			.header("Authorization", bearer(gina, READ))
			.exchange(), 400, "InvalidRequest");
		expectProblem(
				this.http.get().uri("/api/v1/nothing-here").header("Authorization", bearer(gina, READ)).exchange(), 404,
				"NotFound");
		expectProblem(this.http.method(HttpMethod.PATCH)
			.uri("/api/v1/files/{id}", id)
			.header("Authorization", bearer(gina, USER))
			.exchange(), 405, "MethodNotAllowed");
		expectProblem(putDocument("Quote", "Q-1", "approved"), 400, "InvalidRequest");
		expectProblem(this.http.put()
			.uri("/api/v1/documents/{type}/{name}", "Quote", "Q-1")
			.header("Authorization", bearer("erp", DOCUMENTS))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"status\":\"draft\",\"extra\":1}")
			.exchange(), 400, "InvalidRequest");
	}

	private WebTestClient.ResponseSpec postJson(String path, String subject, String json) {
		return this.http.post()
			.uri(path)
			.headers(path.startsWith("/internal/") ? asGatewayFor(subject, USER)
					: (headers) -> headers.set("Authorization", bearer(subject, USER)))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	private WebTestClient.ResponseSpec putDocument(String type, String name, String status) {
		return this.http.put()
			.uri("/api/v1/documents/{type}/{name}", type, name)
			.header("Authorization", bearer("erp", DOCUMENTS))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", status))
			.exchange();
	}

	private WebTestClient.ResponseSpec delete(String subject, UUID id, boolean force) {
		return this.http.delete()
			.uri("/api/v1/files/{id}" + (force ? "?force=true" : ""), id)
			.header("Authorization", bearer(subject, USER))
			.exchange();
	}

	private WebTestClient.ResponseSpec abort(String subject, UUID id) {
		return this.http.post()
			.uri("/internal/v1/uploads/{id}/abort", id)
			.headers(asGatewayFor(subject, USER))
			.exchange();
	}

	private Map<String, Object> list(String subject, String... params) {
		return this.http.get().uri((builder) -> {
			builder.path("/api/v1/files");
			Map<String, String> values = new java.util.LinkedHashMap<>();
			for (int i = 0; i < params.length; i += 2) {
				builder.queryParam(params[i], "{" + params[i] + "}");
				values.put(params[i], params[i + 1]);
			}
			return builder.build(values);
		})
			.header("Authorization", bearer(subject, READ))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("items");
	}

	private static List<String> ids(Map<String, Object> page) {
		return items(page).stream().map((item) -> (String) item.get("id")).toList();
	}

	private String documentStatusSeenBy(String owner, UUID id) {
		return this.http.get()
			.uri("/api/v1/files/{id}", id)
			.header("Authorization", bearer(owner, READ))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody()
			.get("attachments")
			.toString()
			.replaceAll(".*documentStatus=([a-z]+|null).*", "$1");
	}

	private String status(UUID id) {
		return this.db.sql("SELECT status FROM files WHERE id = :id")
			.bind("id", id)
			.map((row) -> row.get("status", String.class))
			.one()
			.block();
	}

	private List<String> outboxTypes(UUID id) {
		return this.db.sql("SELECT event_type FROM outbox WHERE aggregate_id = :id ORDER BY position")
			.bind("id", id)
			.map((row) -> row.get("event_type", String.class))
			.all()
			.collectList()
			.block();
	}

	private static KafkaProducer<String, String> producer() {
		Properties properties = new Properties();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		return new KafkaProducer<>(properties);
	}

	private static void send(KafkaProducer<String, String> producer, String eventId, String invoice, String status,
			Instant time) throws Exception {
		String json = "{\"type\":\"Purchase Invoice\",\"name\":\"" + invoice + "\",\"status\":\"" + status + "\"}";
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.DOCUMENTS, 0, "Purchase Invoice/" + invoice,
				json);
		record.headers()
			.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.SOURCE, "/erp".getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.TYPE, EventTypes.DOCUMENT_STATUS_CHANGED.getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.TIME, time.toString().getBytes(StandardCharsets.UTF_8))
			.add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
		producer.send(record).get();
	}

}
