package com.cloudstorage.files.storage.object.s3;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClient;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import com.cloudstorage.files.storage.object.Part;
import com.cloudstorage.files.storage.provider.ProviderProperties.Timeouts;

/**
 * Sends a streamed upload's single PUT without the SDK's async client, whose per-chunk
 * work was most of storage-service's CPU on the upload path besides the SHA-256 (#10).
 * The PUT is presigned here for one attempt with its {@code Content-Length} signed (the
 * URL never leaves this class) and sent with Reactor Netty; each chunk goes to the
 * connection as it is, wrapped, not copied.
 * <p>
 * As the SDK's PUT: {@code Expect: 100-continue}, so the body is sent only once the
 * provider asked for it, and a provider that answers first (a refusal) gets none; a
 * connection that fails before the provider asked is tried again (the body was never
 * read), never once it did. Connect, pool acquire and write timeouts are the client's;
 * how long the provider may take to ask and to answer is the caller's (it knows when the
 * last byte went out). A provider's error answer becomes the SDK's {@link S3Exception},
 * so {@link S3Errors} maps it as before.
 */
final class DirectPuts implements AutoCloseable {

	private static final String CONTINUE_WATCH = "s3-put-continue";

	private final S3Presigner presigner;

	private final String bucket;

	private final Timeouts timeouts;

	private final DirectConnections connections;

	private final HttpClient client;

	DirectPuts(String profile, S3Presigner presigner, String bucket, Timeouts timeouts) {
		this.presigner = presigner;
		this.bucket = bucket;
		this.timeouts = timeouts;
		this.connections = new DirectConnections("s3-puts-" + profile, timeouts);
		this.client = this.connections.client();
	}

	/**
	 * PUTs exactly {@code length} bytes, {@code parts} subscribed to once, when the
	 * provider asks for the body; completes with the object's ETag. Errors are the SDK's
	 * kinds ({@link S3Exception}, {@link java.io.IOException},
	 * {@link java.util.concurrent.TimeoutException}) or the body's own.
	 */
	Mono<String> put(String key, long length, Flux<Part> parts) {
		AtomicBoolean sending = new AtomicBoolean();
		return Mono.defer(() -> attempt(key, length, parts, sending))
			// Never once the body was asked for: it cannot be sent again.
			.retryWhen(DirectConnections.retries(() -> !sending.get()));
	}

	private Mono<String> attempt(String key, long length, Flux<Part> parts, AtomicBoolean sending) {
		PresignedPutObjectRequest presigned = this.presigner
			.presignPutObject((request) -> request.signatureDuration(this.timeouts.attempt().plusSeconds(60))
				.putObjectRequest((put) -> put.bucket(this.bucket).key(key).contentLength(length)));
		URI uri;
		try {
			uri = presigned.url().toURI();
		}
		catch (java.net.URISyntaxException ex) {
			return Mono.error(new IllegalStateException("Presigned URL is not a URI", ex));
		}
		Map<String, List<String>> signed = presigned.signedHeaders();
		Sinks.One<Boolean> asked = Sinks.one();
		return this.client.headers((headers) -> {
			signed.forEach((name, values) -> {
				if (!HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
					headers.set(name, values);
				}
			});
			headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
			headers.set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);
		})
			.doOnRequest((request, connection) -> watchForContinue(connection, asked))
			.put()
			.uri(uri)
			// The headers, then the body once the provider asked for it; none if it
			// answered instead.
			.send((request, outbound) -> outbound
				.then(asked.asMono().flatMap((go) -> go ? body(outbound, parts, sending) : Mono.empty())))
			.response((response, body) -> {
				if (response.status().code() == 200) {
					String etag = response.responseHeaders().get(HttpHeaderNames.ETAG);
					return body.then(Mono.just((etag != null) ? etag : ""));
				}
				return DirectConnections.failure(response, body.retain());
			})
			.singleOrEmpty()
			.onErrorMap(DirectConnections::asProviderFailure);
	}

	/**
	 * One chunk written while the next waits: no more than that is held here, whatever
	 * the provider's pace (Reactor Netty's own send would request 128 ahead).
	 */
	private static Mono<Void> body(NettyOutbound outbound, Flux<Part> parts, AtomicBoolean sending) {
		sending.set(true);
		return parts.concatMap(
				(part) -> outbound.send(Mono.just(Unpooled.wrappedBuffer(part.bytes(), 0, part.length()))).then(), 1)
			.then();
	}

	private static void watchForContinue(Connection connection, Sinks.One<Boolean> asked) {
		ChannelPipeline pipeline = connection.channel().pipeline();
		if (pipeline.get(CONTINUE_WATCH) != null) {
			pipeline.remove(CONTINUE_WATCH);
		}
		connection.addHandlerFirst(CONTINUE_WATCH, new ContinueWatch(connection, asked));
	}

	@Override
	public void close() {
		this.connections.close();
	}

	/**
	 * Tells the sender whether the provider asked for the body ({@code 100 Continue}) or
	 * answered at once. Reactor Netty's client sends a body without waiting.
	 */
	private static final class ContinueWatch extends ChannelInboundHandlerAdapter {

		private final Connection connection;

		private final Sinks.One<Boolean> asked;

		ContinueWatch(Connection connection, Sinks.One<Boolean> asked) {
			this.connection = connection;
			this.asked = asked;
		}

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (message instanceof HttpResponse response) {
				boolean proceed = HttpResponseStatus.CONTINUE.equals(response.status());
				if (this.asked.tryEmitValue(proceed).isSuccess() && !proceed) {
					// The request announced a body it will not send: the connection
					// cannot carry another request.
					this.connection.markPersistent(false);
				}
			}
			context.fireChannelRead(message);
		}

	}

}
