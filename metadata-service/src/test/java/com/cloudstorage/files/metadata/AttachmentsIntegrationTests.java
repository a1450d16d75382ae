package com.cloudstorage.files.metadata;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files attached to documents: the rule that a file attached to a submitted document
 * cannot be deleted, and how a file shows its documents.
 */
class AttachmentsIntegrationTests extends IntegrationTestSupport {

	@Test
	void attachingTwiceKeepsOneAttachment() {
		String alice = unique("alice");
		String invoice = unique("INV");
		UUID id = upload(alice, "report.pdf", true, null);
		for (int i = 0; i < 2; i++) {
			attach(alice, id, "Sales Invoice", invoice).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.attachments.length()")
				.isEqualTo(1)
				.jsonPath("$.attachments[0].type")
				.isEqualTo("Sales Invoice")
				.jsonPath("$.attachments[0].name")
				.isEqualTo(invoice);
		}
	}

	@Test
	void aFileAttachedToASubmittedDocumentCannotBeDeletedUntilDetached() {
		String alice = unique("alice");
		String invoice = unique("INV");
		UUID id = upload(alice, "report.pdf", true, null);
		attach(alice, id, "Sales Invoice", invoice).expectStatus().isOk();
		putDocument("Sales Invoice", invoice, "submitted").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("Sales Invoice")
			.jsonPath("$.name")
			.isEqualTo(invoice)
			.jsonPath("$.status")
			.isEqualTo("submitted");

		expectProblem(delete(alice, id, false), 409, "FileAttachedToSubmittedDocument");
		delete(alice, id, false).expectBody()
			.jsonPath("$.documents.length()")
			.isEqualTo(1)
			.jsonPath("$.documents[0].type")
			.isEqualTo("Sales Invoice")
			.jsonPath("$.documents[0].name")
			.isEqualTo(invoice);
		// force is only for admins.
		expectProblem(delete(alice, id, true), 409, "FileAttachedToSubmittedDocument");

		detach(alice, id, "Sales Invoice", invoice).expectStatus().isNoContent();
		delete(alice, id, false).expectStatus().isNoContent();
	}

	@Test
	void aFileShowsEachAttachmentOnceWithItsOwnDocumentsStatus() {
		String alice = unique("alice");
		String invoice = unique("INV");
		String note = unique("DN");
		UUID id = upload(alice, "report.pdf", true, null);
		attach(alice, id, "Sales Invoice", invoice).expectStatus().isOk();
		putDocument("Sales Invoice", invoice, "submitted").expectStatus().isOk();
		attach(alice, id, "Delivery Note", note).expectStatus().isOk();

		// The file and all its attachments come from one joined read.
		read(alice, id, READ).expectBody()
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
	}

	@Test
	void detachingWhatIsNotAttachedIsNotFound() {
		String alice = unique("alice");
		String invoice = unique("INV");
		UUID id = upload(alice, "report.pdf", true, null);
		attach(alice, id, "Sales Invoice", invoice).expectStatus().isOk();
		detach(alice, id, "Sales Invoice", invoice).expectStatus().isNoContent();
		expectProblem(detach(alice, id, "Sales Invoice", invoice), 404, "NotFound");
	}

	@Test
	void anAdminForcesTheDeletionOfAFileAttachedToASubmittedDocument() {
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
		expectProblem(read(owner, id, READ), 404, "NoSuchFile");
		assertThat(this.db.sql("SELECT deleted_by FROM files WHERE id = :id")
			.bind("id", id)
			.map((row) -> row.get("deleted_by", String.class))
			.one()
			.block()).startsWith("admin-");
	}

}
