package com.cloudstorage.files.metadata.document;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.MetadataProperties;
import com.cloudstorage.files.metadata.file.FileNames;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Upserts documents' status, from the HTTP API or from {@code documents.v1}. */
@Service
public class DocumentManagement {

	private static final Logger LOG = LoggerFactory.getLogger(DocumentManagement.class);

	private final Documents documents;

	private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private final TransactionalOperator transactions;

	private final MetadataProperties.DocumentSettings settings;

	public DocumentManagement(Documents documents, TransactionalOperator transactions, MetadataProperties properties) {
		this.documents = documents;
		this.transactions = transactions;
		this.settings = properties.documents();
	}

	/**
	 * Sets the status now, unless the stored one is newer (from an event whose time is
	 * ahead of this clock, within the tolerated skew).
	 * @return the document as stored
	 * @throws StaleDocumentUpdateException when the stored status was kept
	 */
	public Mono<Document> put(@Nullable String type, @Nullable String name, @Nullable String status) {
		return Mono.fromCallable(() -> validated(type, name, status))
			.flatMap((document) -> this.transactions.transactional(this.documents.upsert(document, now())
				.flatMap((applied) -> applied ? Mono.just(document)
						: this.documents.find(document.type(), document.name())
							.defaultIfEmpty(document)
							.flatMap((current) -> Mono.error(new StaleDocumentUpdateException(current))))))
			.doOnEach(Traced.onNext((document) -> LOG.info("Document {}/{} is {}.", document.type(), document.name(),
					document.status().wire())));
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
		Mono<Boolean> work = Mono.fromCallable(() -> validated(type, name, status))
			.flatMap((document) -> this.documents.markProcessed(eventId).flatMap((fresh) -> {
				if (!fresh) {
					return Mono.just(false);
				}
				return Mono.deferContextual((context) -> {
					// May log a clock skew: under the event's trace.
					Instant at = Traced.supply(context, () -> eventTime(eventId, occurredAt));
					return this.documents.upsert(document, at).doOnEach(Traced.onNext((applied) -> {
						if (!applied) {
							LOG.debug("Kept the newer status of {}/{} over event {}.", document.type(), document.name(),
									eventId);
						}
					})).thenReturn(true);
				});
			}));
		return this.transactions.transactional(work);
	}

	/**
	 * Forgets applied event ids older than the retention: a redelivery older than that
	 * would be applied again, and is then still ordered by its {@code ce_time}.
	 * @return how many were forgotten
	 */
	public Mono<Long> forgetOldProcessedEvents() {
		return this.documents.forgetProcessedBefore(Instant.now().minus(this.settings.processedEventRetention()))
			.doOnNext((count) -> {
				if (count > 0) {
					LOG.info("Forgot {} processed document event ids.", count);
				}
			});
	}

	/**
	 * The time an event is ordered by: its {@code ce_time}, but never further ahead of
	 * this clock than the tolerated skew, so that a producer clock ahead cannot freeze a
	 * document.
	 * @throws InvalidRequestException for a time outside 1970..9999
	 */
	private Instant eventTime(String eventId, @Nullable Instant occurredAt) {
		Instant now = now();
		if (occurredAt == null) {
			return now;
		}
		if (occurredAt.isBefore(EARLIEST) || occurredAt.isAfter(LATEST)) {
			throw new InvalidRequestException("ce_time is out of range.");
		}
		Instant latest = now.plus(this.settings.maxClockSkew());
		if (occurredAt.isAfter(latest)) {
			LOG.warn("Event {} is from {}, ahead of this clock by more than {}: ordered as {}.", eventId, occurredAt,
					this.settings.maxClockSkew(), latest);
			return latest;
		}
		return occurredAt.truncatedTo(ChronoUnit.MICROS);
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
