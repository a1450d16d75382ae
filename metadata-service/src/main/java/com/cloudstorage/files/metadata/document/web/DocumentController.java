package com.cloudstorage.files.metadata.document.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.document.DocumentManagement;
import com.cloudstorage.files.metadata.document.StaleDocumentUpdateException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /api/v1/documents/{type}/{name}}: the owning application tells a document's
 * status.
 */
@RestController
@RequestMapping("/api/v1/documents")
class DocumentController {

	private final DocumentManagement documents;

	DocumentController(DocumentManagement documents) {
		this.documents = documents;
	}

	@PutMapping("/{type}/{name}")
	Mono<DocumentResponse> put(@PathVariable String type, @PathVariable String name,
			@RequestBody DocumentStatusRequest request) {
		return this.documents.put(type, name, request.status())
			.map((document) -> new DocumentResponse(document.type(), document.name(), document.status().wire()));
	}

	/**
	 * Here rather than in the shared advice: the file feature's advice must not know the
	 * document feature (no cycle between features).
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> stale(StaleDocumentUpdateException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Stale document update");
		problem.setType(URI.create("https://errors.cloudstorage.dev/files/stale-document-update"));
		problem.setProperty("code", "StaleDocumentUpdate");
		problem.setProperty("currentStatus", ex.current().status().wire());
		return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	record DocumentStatusRequest(@Nullable String status) {
	}

	record DocumentResponse(String type, String name, String status) {
	}

}
