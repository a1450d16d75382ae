package com.cloudstorage.files.storage.object.s3;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

import com.cloudstorage.files.storage.object.ByteRange;
import com.cloudstorage.files.storage.object.ObjectContent;
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
		return Mono.defer(() -> attempt(key, range)).timeout(attempt).retryWhen(DirectConnections.retries(() -> true));
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
					return DirectConnections.failure(response, body);
				}
				return Mono.just(content(response, range, body));
			}, false)
			.singleOrEmpty()
			.onErrorMap(DirectConnections::asProviderFailure);
	}

	private static ObjectContent content(HttpClientResponse response, @Nullable ByteRange range, Flux<ByteBuf> body) {
		String length = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
		String contentRange = (range != null) ? response.responseHeaders().get(HttpHeaderNames.CONTENT_RANGE) : null;
		Flux<ByteBuf> owned = body.onErrorMap(DirectConnections::asProviderFailure);
		return new ObjectContent((length != null) ? Long.parseLong(length.trim()) : -1, contentRange,
				response.responseHeaders().get(HttpHeaderNames.ETAG),
				response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE), owned);
	}

	@Override
	public void close() {
		this.connections.close();
	}

}
