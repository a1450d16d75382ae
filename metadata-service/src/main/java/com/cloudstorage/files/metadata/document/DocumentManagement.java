package com.cloudstorage.files.metadata.document;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.file.FileNames;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Upserts documents' status, from the HTTP API or from {@code documents.v1}. */
@Service
public class DocumentManagement {

	private static final Logger LOG = LoggerFactory.getLogger(DocumentManagement.class);

	private final Documents documents;

	private final TransactionalOperator transactions;

	public DocumentManagement(Documents documents, TransactionalOperator transactions) {
		this.documents = documents;
		this.transactions = transactions;
	}

	/** Sets the status now, whatever it was. */
	public Mono<Document> put(@Nullable String type, @Nullable String name, @Nullable String status) {
		return Mono.fromCallable(() -> validated(type, name, status))
			.flatMap((document) -> this.transactions.transactional(this.documents.upsert(document, now()))
				.thenReturn(document))
			.doOnSuccess((document) -> LOG.info("Document {}/{} is {}.", document.type(), document.name(),
					document.status().wire()));
	}

	/**
	 * Applies an event once: the event id is recorded in the same transaction as the
	 * change, and a repeat is skipped. An event older than the stored status (by
	 * {@code ce_time}) does not overwrite it, because records may be processed out of
	 * order.
	 * @param eventId the {@code ce_id}
	 * @param occurredAt the {@code ce_time}, or now when absent
	 * @return whether the event was new
	 */
	public Mono<Boolean> apply(String eventId, @Nullable String type, @Nullable String name, @Nullable String status,
			@Nullable Instant occurredAt) {
		Instant at = (occurredAt != null) ? occurredAt.truncatedTo(ChronoUnit.MICROS) : now();
		Mono<Boolean> work = Mono.fromCallable(() -> validated(type, name, status))
			.flatMap((document) -> this.documents.markProcessed(eventId)
				.flatMap((fresh) -> fresh ? this.documents.upsert(document, at).thenReturn(true) : Mono.just(false)));
		return this.transactions.transactional(work);
	}

	private static Document validated(@Nullable String type, @Nullable String name, @Nullable String status) {
		String problem = FileNames.problemWithLabel("The document type", type);
		if (problem == null) {
			problem = FileNames.problemWithLabel("The document name", name);
		}
		if (problem != null) {
			throw new InvalidRequestException(problem);
		}
		return new Document(type, name, DocumentStatus.parse(status));
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
