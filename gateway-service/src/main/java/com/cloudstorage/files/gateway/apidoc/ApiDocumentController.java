package com.cloudstorage.files.gateway.apidoc;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3.1 document of the public API, open to anyone
 * (it describes the API, it grants nothing). Served here rather than as a static file,
 * which would go out as {@code application/octet-stream}.
 */
@RestController
class ApiDocumentController {

	static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	private static final Resource DOCUMENT = new ClassPathResource("api/openapi.yaml");

	@GetMapping("/openapi.yaml")
	ResponseEntity<Resource> document() {
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(YAML).body(DOCUMENT);
	}

}
