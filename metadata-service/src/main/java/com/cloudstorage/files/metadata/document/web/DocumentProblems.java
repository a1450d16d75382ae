package com.cloudstorage.files.metadata.document.web;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemMappings;
import com.cloudstorage.files.metadata.document.StaleDocumentUpdateException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The document feature's refusal, mapped here so the file feature's mappings never need
 * to know documents (no cycle between features).
 */
@Configuration(proxyBeanMethods = false)
class DocumentProblems {

	@Bean
	ProblemMappings documentProblemMappings() {
		return (registry) -> registry.map(StaleDocumentUpdateException.class,
				(ex) -> Problem.of(ProblemCode.STALE_DOCUMENT_UPDATE, ex.getMessage())
					.with("currentStatus", ex.current().status().wire()));
	}

}
