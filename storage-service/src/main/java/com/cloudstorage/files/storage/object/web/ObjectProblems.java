package com.cloudstorage.files.storage.object.web;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemMappings;
import com.cloudstorage.files.storage.object.EntityTooLargeException;
import com.cloudstorage.files.storage.object.IncompleteBodyException;
import com.cloudstorage.files.storage.object.NoSuchObjectException;
import com.cloudstorage.files.storage.object.ObjectStoreException;
import com.cloudstorage.files.storage.object.RangeNotSatisfiableException;
import com.cloudstorage.files.storage.object.StorageUnavailableException;
import com.cloudstorage.files.storage.object.UnknownProviderException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/** The byte API's failures and their catalogue codes; the kit writes them. */
@Configuration(proxyBeanMethods = false)
class ObjectProblems {

	/** The admission's refusals, under its name as before. */
	private static final Logger ADMISSION_LOG = LoggerFactory.getLogger(TransferAdmission.class);

	// A provider fault either clears or opens the profile's breaker within seconds; an
	// open breaker says how long it stays open instead.
	private static final Duration PROVIDER_RETRY_AFTER = Duration.ofSeconds(2);

	@Bean
	ProblemMappings objectStoreProblems() {
		return (registry) -> registry
			.map(NoSuchObjectException.class, (ex) -> Problem.of(ProblemCode.NO_SUCH_FILE, "The file does not exist."))
			.map(EntityTooLargeException.class,
					(ex) -> Problem.of(ProblemCode.ENTITY_TOO_LARGE, "The body is larger than allowed."))
			.map(IncompleteBodyException.class,
					(ex) -> Problem.of(ProblemCode.INCOMPLETE_BODY, "The body ended before it was complete."))
			.map(RangeNotSatisfiableException.class, ObjectProblems::rangeNotSatisfiable)
			.map(UnknownProviderException.class,
					(ex) -> Problem.of(ProblemCode.INVALID_REQUEST, "Unknown storage provider."))
			.map(StorageUnavailableException.class,
					(ex) -> Problem.of(ProblemCode.STORAGE_UNAVAILABLE, "The storage provider cannot be reached.")
						.retryAfter((ex.retryAfter() != null) ? ex.retryAfter() : PROVIDER_RETRY_AFTER))
			.map(TransfersBusyException.class, ObjectProblems::transfersBusy)
			.map(ObjectStoreException.class,
					(ex) -> Problem.of(ProblemCode.STORAGE_UNAVAILABLE, "The storage provider failed."))
			.map(InvalidRequestException.class, ProblemCode.INVALID_REQUEST);
	}

	// Logged here, not where the transfer is refused: the kit's problem handler runs
	// under the request's trace, so the line carries its ids.
	private static Problem transfersBusy(TransfersBusyException ex) {
		ADMISSION_LOG.debug("Transfer refused: {}", ex.usage());
		return Problem.of(ProblemCode.SERVICE_UNAVAILABLE, "Too many transfers are in progress; try again later.")
			.retryAfter(ex.retryAfter());
	}

	private static Problem rangeNotSatisfiable(RangeNotSatisfiableException ex) {
		Problem problem = Problem.of(ProblemCode.RANGE_NOT_SATISFIABLE, "The range starts past the end of the file.");
		if (ex.size() != null) {
			problem.header(HttpHeaders.CONTENT_RANGE, "bytes */" + ex.size());
		}
		return problem;
	}

}
