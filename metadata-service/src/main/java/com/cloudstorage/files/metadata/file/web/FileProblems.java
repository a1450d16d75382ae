package com.cloudstorage.files.metadata.file.web;

import java.util.List;
import java.util.Map;

import io.r2dbc.spi.R2dbcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemMappings;
import com.cloudstorage.files.metadata.InvalidRequestException;
import com.cloudstorage.files.metadata.file.AttachmentNotFoundException;
import com.cloudstorage.files.metadata.file.FileAttachedToSubmittedDocumentException;
import com.cloudstorage.files.metadata.file.InvalidFileNameException;
import com.cloudstorage.files.metadata.file.NoSuchFileException;
import com.cloudstorage.files.metadata.file.OperationForbiddenException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ServerErrorException;

/**
 * The catalogue's codes for the file feature's refusals and for the catalogue being down.
 */
@Configuration(proxyBeanMethods = false)
class FileProblems {

	private static final Logger LOG = LoggerFactory.getLogger(FileProblems.class);

	@Bean
	ProblemMappings fileProblemMappings() {
		return (registry) -> registry.map(NoSuchFileException.class, ProblemCode.NO_SUCH_FILE)
			.map(InvalidFileNameException.class, ProblemCode.INVALID_FILE_NAME)
			.map(InvalidRequestException.class, ProblemCode.INVALID_REQUEST)
			.map(AttachmentNotFoundException.class, ProblemCode.NOT_FOUND)
			.map(OperationForbiddenException.class, ProblemCode.FORBIDDEN)
			.map(FileAttachedToSubmittedDocumentException.class, FileProblems::attachedToSubmittedDocument)
			.map(DataAccessException.class, FileProblems::catalogueUnavailable)
			.map(R2dbcException.class, FileProblems::catalogueUnavailable)
			.map(ServerErrorException.class, FileProblems::serverError);
	}

	/**
	 * WebFlux reports a path variable that converts to nothing (a blank {@code {id}} such
	 * as {@code %09}: Spring's UUID converter turns blank text into null) as a server
	 * error; it is the client's input, so it is refused (issue #8: this was a 503).
	 */
	private static Problem serverError(ServerErrorException ex) {
		MethodParameter parameter = ex.getMethodParameter();
		if (parameter != null && parameter.hasParameterAnnotation(PathVariable.class)) {
			return Problem.of(ProblemCode.INVALID_REQUEST, "A path segment is not valid here.");
		}
		LOG.error("Unexpected server error: {}", ex.getReason());
		return Problem.of(ProblemCode.SERVICE_UNAVAILABLE, "The request could not be handled right now.");
	}

	private static Problem attachedToSubmittedDocument(FileAttachedToSubmittedDocumentException ex) {
		List<Map<String, String>> documents = ex.documents()
			.stream()
			.map((document) -> Map.of("type", document.type(), "name", document.name()))
			.toList();
		return Problem.of(ProblemCode.FILE_ATTACHED_TO_SUBMITTED_DOCUMENT, ex.getMessage())
			.with("documents", documents);
	}

	private static Problem catalogueUnavailable(Exception ex) {
		LOG.error("Database call failed: {}", ex.toString());
		return Problem.of(ProblemCode.SERVICE_UNAVAILABLE, "The file catalogue is unavailable; try again later.");
	}

}
