package com.cloudstorage.files.metadata.document.web;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.document.DocumentManagement;

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

	record DocumentStatusRequest(@Nullable String status) {
	}

	record DocumentResponse(String type, String name, String status) {
	}

}
