package com.cloudstorage.files.storage.object.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.handler.timeout.WriteTimeoutHandler;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

import com.cloudstorage.files.kit.bytes.LargeBodies;
import com.cloudstorage.files.storage.object.ObjectStoreException;
import com.cloudstorage.files.storage.provider.ProviderProperties.Timeouts;

/**
 * What the direct calls ({@link DirectDownloads}, {@link DirectPuts}) to one profile's
 * provider share: a connection pool and Reactor Netty client (pooled buffers, the
 * profile's pool size, acquire, connect and write timeouts), the SDK's retry mode, and
 * the provider's failures as the SDK's kinds.
 */
final class DirectConnections implements AutoCloseable {

	/**
	 * Below the idle timeouts of common S3 servers, so a pooled connection is not reused
	 * just as the server closes it.
	 */
	private static final Duration MAX_IDLE = Duration.ofSeconds(20);

	/** Retries after the first try, as the SDK's standard retry mode. */
	static final int RETRIES = 2;

	/** Largest error document read from the provider. */
	private static final int MAX_ERROR_BODY = 16 * 1024;

	private static final Pattern CODE = Pattern.compile("<Code>([^<]{1,128})</Code>");

	private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]{0,1024})</Message>");

	private final ConnectionProvider pool;

	private final HttpClient client;

	DirectConnections(String name, Timeouts timeouts) {
		this.pool = ConnectionProvider.builder(name)
			.maxConnections(timeouts.maxConnections())
			.pendingAcquireTimeout(timeouts.acquire())
			.maxIdleTime(MAX_IDLE)
			.build();
		long write = timeouts.write().toMillis();
		this.client = LargeBodies.client(HttpClient.create(this.pool))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
					(int) Math.min(Integer.MAX_VALUE, timeouts.connect().toMillis()))
			// A provider that stops reading: a write stays unsent.
			.doOnConnected(
					(connection) -> connection.addHandlerLast(new WriteTimeoutHandler(write, TimeUnit.MILLISECONDS)));
	}

	HttpClient client() {
		return this.client;
	}

	/**
	 * The SDK's standard retry mode: twice more, backing off from 100 ms, on
	 * {@link #retryable} faults, and only while {@code mayRetry} says so.
	 */
	static Retry retries(BooleanSupplier mayRetry) {
		return Retry.backoff(RETRIES, Duration.ofMillis(100))
			.maxBackoff(Duration.ofSeconds(1))
			.filter((ex) -> mayRetry.getAsBoolean() && retryable(ex))
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
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
		this.pool.dispose();
	}

}
