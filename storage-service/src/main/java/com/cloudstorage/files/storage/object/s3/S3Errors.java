package com.cloudstorage.files.storage.object.s3;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.storage.object.NoSuchObjectException;
import com.cloudstorage.files.storage.object.ObjectStoreException;
import com.cloudstorage.files.storage.object.StorageUnavailableException;

/** The one place SDK failures become {@link ObjectStoreException}s. */
final class S3Errors {

	private static final Logger LOG = LoggerFactory.getLogger(S3Errors.class);

	private S3Errors() {
	}

	static Throwable unwrap(Throwable ex) {
		Throwable current = ex;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/**
	 * A failure of ours anywhere in the chain: a streamed body that ended early or ran
	 * too long reaches the caller wrapped in the SDK's client exception, and is the
	 * caller's fault, not the provider's.
	 */
	static @Nullable ObjectStoreException ownFailure(Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 16; depth++) {
			if (current instanceof ObjectStoreException own) {
				return own;
			}
			current = current.getCause();
		}
		return null;
	}

	static boolean hasStatus(Throwable ex, int status) {
		return unwrap(ex) instanceof S3Exception s3 && s3.statusCode() == status;
	}

	static boolean hasCode(Throwable ex, String code) {
		return unwrap(ex) instanceof S3Exception s3 && s3.awsErrorDetails() != null
				&& code.equals(s3.awsErrorDetails().errorCode());
	}

	/** Whether the provider said it does not implement the operation. */
	static boolean notImplemented(Throwable ex) {
		return hasStatus(ex, 501) || hasCode(ex, "NotImplemented");
	}

	/**
	 * Whether the failure is the provider's (unreachable, hung, 5xx), the only kind the
	 * circuit breaker counts. A 4xx, a missing object or a caller's bad body never is.
	 */
	static boolean providerFault(Throwable ex) {
		if (ownFailure(ex) != null) {
			return false;
		}
		Throwable cause = unwrap(ex);
		if (cause instanceof S3Exception s3) {
			return s3.statusCode() >= 500 && !notImplemented(s3);
		}
		return cause instanceof SdkClientException || cause instanceof TimeoutException || cause instanceof IOException;
	}

	/**
	 * {@link #translate} as an error signal; its log line carries the subscriber's trace
	 * ids.
	 */
	static <T> Mono<T> failed(Throwable ex, String operation) {
		return failed(() -> translate(ex, operation));
	}

	static <T> Mono<T> failed(Supplier<Throwable> translation) {
		return Mono.deferContextual((context) -> Mono.error(Traced.supply(context, translation)));
	}

	static Throwable translate(Throwable ex, String operation) {
		ObjectStoreException own = ownFailure(ex);
		if (own != null) {
			return own;
		}
		Throwable cause = unwrap(ex);
		if (cause instanceof CallNotPermittedException) {
			LOG.debug("Provider circuit open; {} not tried.", operation);
			return new StorageUnavailableException("Provider circuit open during " + operation, cause);
		}
		if (cause instanceof TimeoutException || cause instanceof IOException) {
			LOG.warn("Provider unreachable during {}: {}", operation, cause.getClass().getSimpleName());
			return new StorageUnavailableException("Provider unreachable during " + operation, cause);
		}
		if (cause instanceof S3Exception s3) {
			String code = (s3.awsErrorDetails() != null) ? s3.awsErrorDetails().errorCode() : null;
			if (s3.statusCode() == 404 && !"NoSuchBucket".equals(code)) {
				return new NoSuchObjectException("No such object", s3);
			}
			LOG.warn("Provider refused {}: status {} code {}", operation, s3.statusCode(), code);
			return new StorageUnavailableException("Provider refused " + operation, s3);
		}
		if (cause instanceof SdkClientException || cause instanceof SdkException) {
			LOG.warn("Provider unreachable during {}: {}", operation, cause.getClass().getSimpleName());
			return new StorageUnavailableException("Provider unreachable during " + operation, cause);
		}
		return cause;
	}

}
