package com.cloudstorage.files.storage.object.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.handler.timeout.WriteTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.util.retry.Retry;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

import com.cloudstorage.files.storage.object.ByteRange;
import com.cloudstorage.files.storage.object.ObjectContent;
import com.cloudstorage.files.storage.object.ObjectStoreException;
import com.cloudstorage.files.storage.provider.ProviderProperties.Timeouts;

/**
 * Streams an object's bytes from the provider without the SDK's async client, which
 * copies every HTTP chunk (about 8 KiB) into a new heap buffer before handing it over:
 * that copy was a third of storage-service's CPU on the download path (#10). The GET is
 * presigned here for one attempt (the URL never leaves this class: not logged, not
 * answered) and sent with Reactor Netty on the pooled allocator; the body's buffers are
 * the client's own pooled buffers, handed on without a copy.
 * <p>
 * Bounded like the SDK's calls: connect, pool acquire and write timeouts on the client,
 * the headers within one attempt, retries (refused or reset connections, attempts that
 * time out, 5xx and throttling, as the SDK's standard mode) within the caller's call
 * timeout. A provider's error answer becomes the {@link S3Exception} the SDK would have
 * thrown, so {@link S3Errors} maps it as before.
 */
final class DirectDownloads implements AutoCloseable {

	/** Retries after the first try, as the SDK's standard retry mode. */
	static final int RETRIES = 2;

	/** Largest error document read from the provider. */
	private static final int MAX_ERROR_BODY = 16 * 1024;

	private static final Pattern CODE = Pattern.compile("<Code>([^<]{1,128})</Code>");

	private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]{0,1024})</Message>");

	private final S3Presigner presigner;

	private final String bucket;

	private final Timeouts timeouts;

	private final DirectConnections connections;

	private final HttpClient client;

	DirectDownloads(String profile, S3Presigner presigner, String bucket, Timeouts timeouts) {
		this.presigner = presigner;
		this.bucket = bucket;
		this.timeouts = timeouts;
		this.connections = new DirectConnections("s3-downloads-" + profile, timeouts);
		long connectionIdle = timeouts.connectionIdle().toMillis();
		this.client = this.connections.client()
			// Once the headers are in, as the SDK's read timeout: the longer of the
			// provider's silence and a reader's pause (ProviderSilence watches the
			// former alone).
			.doOnResponse((response, connection) -> connection
				.addHandlerLast(new ReadTimeoutHandler(connectionIdle, TimeUnit.MILLISECONDS)));
	}

	/**
	 * Opens the object (or one range of it): completes with its headers, the body
	 * streaming when subscribed, each buffer owned by the subscriber (released by it).
	 * Errors before the headers are the SDK's kinds: {@link S3Exception} for an answer,
	 * {@link IOException} or {@link TimeoutException} for a provider that cannot be
	 * reached or hangs.
	 */
	Mono<ObjectContent> open(String key, @Nullable ByteRange range) {
		Duration attempt = this.timeouts.attempt();
		return Mono.defer(() -> attempt(key, range))
			.timeout(attempt)
			.retryWhen(Retry.backoff(RETRIES, Duration.ofMillis(100))
				.maxBackoff(Duration.ofSeconds(1))
				.filter(DirectDownloads::retryable)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	private Mono<ObjectContent> attempt(String key, @Nullable ByteRange range) {
		// Presigned per attempt and valid a little longer than one: the URL opens this
		// one GET.
		PresignedGetObjectRequest presigned = this.presigner.presignGetObject((request) -> request
			.signatureDuration(this.timeouts.attempt().plusSeconds(60))
			.getObjectRequest(
					(get) -> get.bucket(this.bucket).key(key).range((range != null) ? range.toHeaderValue() : null)));
		URI uri;
		try {
			uri = presigned.url().toURI();
		}
		catch (java.net.URISyntaxException ex) {
			return Mono.error(new IllegalStateException("Presigned URL is not a URI", ex));
		}
		Map<String, List<String>> signed = presigned.signedHeaders();
		return this.client.headers((headers) -> signed.forEach((name, values) -> {
			if (!HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
				headers.set(name, values);
			}
		}))
			.get()
			.uri(uri)
			// The headers first, then the body's buffers; split below without
			// cancelling the body, which the caller subscribes to later.
			.response((response, body) -> Flux.concat(Mono.just(response), body.retain()))
			.switchOnFirst((first, all) -> {
				if (!first.hasValue() || !(first.get() instanceof HttpClientResponse response)) {
					return all.cast(ObjectContent.class);
				}
				Flux<ByteBuf> body = all.skip(1).cast(ByteBuf.class);
				int status = response.status().code();
				if (status != 200 && status != 206) {
					return failure(response, body);
				}
				return Mono.just(content(response, range, body));
			}, false)
			.singleOrEmpty()
			.onErrorMap(DirectDownloads::asProviderFailure);
	}

	private static ObjectContent content(HttpClientResponse response, @Nullable ByteRange range, Flux<ByteBuf> body) {
		String length = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
		String contentRange = (range != null) ? response.responseHeaders().get(HttpHeaderNames.CONTENT_RANGE) : null;
		Flux<ByteBuf> owned = body.onErrorMap(DirectDownloads::asProviderFailure);
		return new ObjectContent((length != null) ? Long.parseLong(length.trim()) : -1, contentRange,
				response.responseHeaders().get(HttpHeaderNames.ETAG),
				response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE), owned);
	}

	/**
	 * The provider's error answer as the SDK would have raised it; releases the body's
	 * buffers.
	 */
	static <T> Mono<T> failure(HttpClientResponse response, Flux<ByteBuf> body) {
		int status = response.status().code();
		String requestId = response.responseHeaders().get("x-amz-request-id");
		return body.reduce(new StringBuilder(), (text, buffer) -> {
			try {
				int room = MAX_ERROR_BODY - text.length();
				if (room > 0) {
					int length = Math.min(room, buffer.readableBytes());
					text.append(buffer.toString(buffer.readerIndex(), length, StandardCharsets.UTF_8));
				}
				return text;
			}
			finally {
				buffer.release();
			}
		}).defaultIfEmpty(new StringBuilder()).flatMap((text) -> {
			String code = group(CODE, text);
			String message = group(MESSAGE, text);
			return Mono.error(S3Exception.builder()
				.statusCode(status)
				.requestId(requestId)
				.message((message != null) ? message : "Status " + status)
				.awsErrorDetails(
						AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3").build())
				.build());
		});
	}

	private static @Nullable String group(Pattern pattern, CharSequence text) {
		Matcher matcher = pattern.matcher(text);
		return matcher.find() ? matcher.group(1) : null;
	}

	/** What the SDK's standard mode retries: faults that another try may not meet. */
	static boolean retryable(Throwable ex) {
		if (ex instanceof S3Exception s3) {
			int status = s3.statusCode();
			return status == 429 || (status >= 500 && status != 501);
		}
		return S3Errors.ownFailure(ex) == null && (ex instanceof IOException || ex instanceof TimeoutException);
	}

	/**
	 * Netty's timeouts are no {@link IOException}; as {@link TimeoutException}s they are
	 * a provider's fault to the breaker and a {@code 503} to the caller, as the SDK's.
	 */
	static Throwable asProviderFailure(Throwable ex) {
		if (ex instanceof ReadTimeoutException || ex instanceof WriteTimeoutException) {
			TimeoutException timeout = new TimeoutException("Provider connection timed out");
			timeout.initCause(ex);
			return timeout;
		}
		if (ex instanceof S3Exception || ex instanceof IOException || ex instanceof TimeoutException
				|| ex instanceof ObjectStoreException) {
			return ex;
		}
		// Anything else of the client (pool acquire, TLS, a channel error) is the
		// provider's connection failing.
		return new IOException("Provider connection failed: " + ex.getClass().getSimpleName(), ex);
	}

	@Override
	public void close() {
		this.connections.close();
	}

}
