package com.cloudstorage.files.storage.object.web;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemMappings;
import com.cloudstorage.files.storage.object.MultipartUploadException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Multipart uploads' failures and their catalogue codes. */
@Configuration(proxyBeanMethods = false)
class MultipartProblems {

	@Bean
	ProblemMappings multipartUploadProblems() {
		return (registry) -> registry.map(MultipartUploadException.class, MultipartProblems::problem);
	}

	private static Problem problem(MultipartUploadException ex) {
		return switch (ex.kind()) {
			case NO_SUCH_UPLOAD -> Problem.of(ProblemCode.NO_SUCH_UPLOAD_SESSION, ex.getMessage());
			case MISSING_PARTS ->
				Problem.of(ProblemCode.UPLOAD_INCOMPLETE, ex.getMessage()).with("missingParts", ex.parts());
			case PART_TOO_LARGE -> Problem.of(ProblemCode.PART_TOO_LARGE, ex.getMessage());
			case SIZE_MISMATCH -> Problem.of(ProblemCode.SIZE_MISMATCH, ex.getMessage()).with("parts", ex.parts());
			case CHECKSUM_MISMATCH -> Problem.of(ProblemCode.CHECKSUM_MISMATCH, ex.getMessage());
		};
	}

}
