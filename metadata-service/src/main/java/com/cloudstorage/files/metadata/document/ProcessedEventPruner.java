package com.cloudstorage.files.metadata.document;

import com.cloudstorage.files.kit.scheduling.ScheduledJob;
import com.cloudstorage.files.metadata.MetadataProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Keeps {@code processed_event} from growing forever. */
@Configuration(proxyBeanMethods = false)
class ProcessedEventPruner {

	@Bean
	ScheduledJob pruneProcessedDocumentEvents(DocumentManagement documents, MetadataProperties properties) {
		return ScheduledJob.every(properties.documents().pruneInterval(), "prune processed document events",
				documents::forgetOldProcessedEvents);
	}

}
