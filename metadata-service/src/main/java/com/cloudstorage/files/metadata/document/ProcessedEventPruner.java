package com.cloudstorage.files.metadata.document;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps {@code processed_event} from growing forever. */
@Component
class ProcessedEventPruner {

	private static final Logger LOG = LoggerFactory.getLogger(ProcessedEventPruner.class);

	private final DocumentManagement documents;

	ProcessedEventPruner(DocumentManagement documents) {
		this.documents = documents;
	}

	@Scheduled(fixedDelayString = "${files.metadata.documents.prune-interval}",
			initialDelayString = "${files.metadata.documents.prune-interval}")
	Mono<Long> prune() {
		return this.documents.forgetOldProcessedEvents().onErrorResume((ex) -> {
			LOG.warn("Could not prune processed document events, will retry: {}", ex.toString());
			return Mono.just(0L);
		});
	}

}
