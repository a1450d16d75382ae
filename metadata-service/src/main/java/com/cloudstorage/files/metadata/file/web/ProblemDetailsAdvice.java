package com.cloudstorage.files.metadata.file.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.r2dbc.spi.R2dbcException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.file.AttachmentNotFoundException;
import com.cloudstorage.files.metadata.file.FileAttachedToSubmittedDocumentException;
import com.cloudstorage.files.metadata.file.InvalidFileNameException;
import com.cloudstorage.files.metadata.file.NoSuchFileException;
import com.cloudstorage.files.metadata.file.OperationForbiddenException;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Maps every error to RFC 9457 problem+json with a stable {@code code}: domain exceptions
 * here, Spring's own (decoding, type mismatch, unknown route, wrong method) through
 * {@link ResponseEntityExceptionHandler}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	private static final String TYPE_PREFIX = "https://errors.cloudstorage.dev/files/";

	@ExceptionHandler
	ResponseEntity<ProblemDetail> noSuchFile(NoSuchFileException ex) {
		return problem(HttpStatus.NOT_FOUND, "NoSuchFile", "No such file", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidFileName(InvalidFileNameException ex) {
		return problem(HttpStatus.BAD_REQUEST, "InvalidFileName", "Invalid file name", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException ex) {
		return problem(HttpStatus.BAD_REQUEST, "InvalidRequest", "Invalid request", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> attachmentNotFound(AttachmentNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "NotFound", "Not found", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> forbidden(OperationForbiddenException ex) {
		return problem(HttpStatus.FORBIDDEN, "Forbidden", "Forbidden", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> attachedToSubmittedDocument(FileAttachedToSubmittedDocumentException ex) {
		ResponseEntity<ProblemDetail> response = problem(HttpStatus.CONFLICT, "FileAttachedToSubmittedDocument",
				"File attached to a submitted document", ex.getMessage());
		List<Map<String, String>> documents = ex.documents()
			.stream()
			.map((document) -> Map.of("type", document.type(), "name", document.name()))
			.toList();
		response.getBody().setProperty("documents", documents);
		return response;
	}

	@ExceptionHandler({ DataAccessException.class, R2dbcException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
		LOG.error("Database call failed: {}", ex.toString());
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "Service unavailable",
				"The file catalogue is unavailable; try again later.");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		// Never a stack trace or a bare 500 to the caller; the log keeps the details.
		LOG.error("Unexpected error", ex);
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "Service unavailable",
				"The request could not be handled; try again later.");
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, @Nullable Object body,
			@Nullable HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		return super.handleExceptionInternal(ex, body, headers, status, exchange).map((entity) -> {
			if (entity.getBody() instanceof ProblemDetail problem) {
				decorate(problem, codeFor(entity.getStatusCode()));
			}
			return entity;
		});
	}

	static String codeFor(HttpStatusCode status) {
		return switch (status.value()) {
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "NotFound";
			case 405 -> "MethodNotAllowed";
			case 413 -> "EntityTooLarge";
			case 503 -> "ServiceUnavailable";
			default -> status.is5xxServerError() ? "ServiceUnavailable" : "InvalidRequest";
		};
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String title,
			@Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		decorate(problem, code);
		return ResponseEntity.status(status).body(problem);
	}

	private static void decorate(ProblemDetail problem, String code) {
		problem.setType(URI.create(TYPE_PREFIX + kebab(code)));
		problem.setProperty("code", code);
	}

	static String kebab(String code) {
		return code.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
