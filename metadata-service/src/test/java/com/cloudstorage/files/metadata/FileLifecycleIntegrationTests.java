package com.cloudstorage.files.metadata;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.kit.security.StorageGrantFormat;
import com.cloudstorage.files.localinfra.TestInfrastructure;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** A file from its reservation to its deletion, through the public and internal API. */
class FileLifecycleIntegrationTests extends IntegrationTestSupport {

	@Test
	void aReservationNamesItsStorageKeyAndLimit() {
		this.http.post()
			.uri("/internal/v1/uploads")
			.headers(asGatewayFor(unique("alice"), USER))
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
	}

	@Test
	void aReservedFileIsInvisibleUntilItsUploadCompletes() {
		String alice = unique("alice");
		UUID id = reserve(alice, reservation("report.pdf", true, "invoices", List.of()));

		read(alice, id, USER).expectStatus().isNotFound();

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
		read(alice, id, READ).expectStatus()
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
	}

	@Test
	void theLocationNamesTheStoredObject() {
		String alice = unique("alice");
		UUID id = upload(alice, "report.pdf", true, null);
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
			.isEqualTo("\"etag-" + id + "\"")
			// What storage-service needs to stream or presign exactly this key, and
			// nothing else: a read grant, never a write grant.
			.jsonPath("$.storageGrant")
			.value(String.class, (grant) -> {
				StorageGrantFormat.Claims claims = StorageGrantFormat.verify(grant,
						Map.of("test-grants", StorageGrantFormat.key("test-grants", TEST_STORAGE_GRANT_KEY, "test")));
				assertThat(claims).isNotNull();
				assertThat(claims.operation()).isEqualTo(StorageGrantFormat.Operation.READ);
				assertThat(claims.provider()).isEqualTo("local");
				assertThat(claims.key()).isEqualTo("files/" + id);
				assertThat(claims.expiresAt()).isAfter(Instant.now())
					.isBeforeOrEqualTo(Instant.now().plus(Duration.ofMinutes(1)).plusSeconds(1));
			});
	}

	@Test
	void noLocationAndNoReadGrantForAFileTheCallerMayNotSee() {
		String alice = unique("alice");
		UUID id = upload(alice, "private.pdf", true, null);

		this.http.get()
			.uri("/internal/v1/files/{id}/location", id)
			.headers(asGatewayFor(unique("mallory"), READ))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NoSuchFile")
			.jsonPath("$.storageGrant")
			.doesNotExist();
	}

	@Test
	void aDeletedFileIsGoneAndItsEventsAreInTheOutbox() {
		String alice = unique("alice");
		UUID id = upload(alice, "report.pdf", true, null);

		delete(alice, id, false).expectStatus().isNoContent();

		expectProblem(read(alice, id, READ), 404, "NoSuchFile");
		expectProblem(delete(alice, id, false), 404, "NoSuchFile");
		assertThat(outboxTypes(id)).containsExactly(EventTypes.FILE_UPLOADED, EventTypes.FILE_DELETED);
	}

	@Test
	void namesOfUpTo255Utf8BytesAndDotsInsideANameAreAccepted() {
		String gina = unique("gina");
		assertThat(reserve(gina, reservation("x".repeat(253) + "é", true, null, List.of()))).isNotNull();
		assertThat(reserve(gina, reservation("archive..tar.gz", true, null, List.of()))).isNotNull();
	}

}
