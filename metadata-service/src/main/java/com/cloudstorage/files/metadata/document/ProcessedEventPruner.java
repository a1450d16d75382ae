package com.cloudstorage.files.metadata.document;

import reactor.core.publisher.Mono;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.cloudstorage.files.kit.scheduling.BoundedJobs;

/** Keeps {@code processed_event} from growing forever. */
@Component
class ProcessedEventPruner {

	private final DocumentManagement documents;

	private final BoundedJobs jobs;

	ProcessedEventPruner(DocumentManagement documents, BoundedJobs jobs) {
		this.documents = documents;
		this.jobs = jobs;
	}

	@Scheduled(fixedDelayString = "${files.metadata.documents.prune-interval}",
			initialDelayString = "${files.metadata.documents.prune-interval}")
	Mono<Void> prune() {
		// Deferred: the retention cutoff is read per run, not frozen at start-up.
		return this.jobs.bounded("prune processed document events",
				Mono.defer(this.documents::forgetOldProcessedEvents));
	}

}
