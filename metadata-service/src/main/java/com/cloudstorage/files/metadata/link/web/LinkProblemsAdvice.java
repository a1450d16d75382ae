package com.cloudstorage.files.metadata.link.web;

import java.net.URI;

import com.cloudstorage.files.metadata.link.NoSuchLinkException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem+json for the link feature's own errors; everything else is mapped by the file
 * feature's advice.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class LinkProblemsAdvice {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> noSuchLink(NoSuchLinkException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("No sharing link");
		problem.setType(URI.create("https://errors.cloudstorage.dev/files/no-such-link"));
		problem.setProperty("code", "NoSuchLink");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

}
