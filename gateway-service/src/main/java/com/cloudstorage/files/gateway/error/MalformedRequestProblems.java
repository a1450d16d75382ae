package com.cloudstorage.files.gateway.error;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.kit.problem.ProblemCode;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/**
 * A request Netty cannot decode (a {@code Content-Length} that is not one non-negative
 * number, a broken request line or header, a request line or headers over the limits)
 * never reaches Spring. Here it gets a problem+json answer like every other refusal
 * ({@code 400 InvalidRequest}, {@code 414 RequestLineTooLong}, {@code 431
 * HeadersTooLarge}) and the connection is closed, as nothing after such a request can be
 * trusted. A chunked body that breaks mid-way (a chunk size that is not a number) used to
 * end the body as if it were complete, so an upload completed with the bytes so far
 * (issue #8: an empty AVAILABLE file); closing the connection makes whoever reads the
 * body see it fail.
 *
 * <p>
 * Reactor Netty's own answer to an oversized request line was sometimes never written:
 * when the previous request's operations on the same kept-alive connection had not
 * finished yet, the refusal was attached to them, and the client got the connection
 * closed without any answer (issue #8, "header parser received no bytes"). This handler
 * sits before Reactor Netty's and answers such requests itself.
 *
 * <p>
 * The close is a lingering one: the answer is written, the output half-closed, and what
 * the client still sends is read and dropped until it closes its side (or for at most
 * {@link #LINGER}). Closing at once with unread bytes makes the kernel send a reset,
 * which can destroy the answer before the client reads it.
 */
@Configuration(proxyBeanMethods = false)
class MalformedRequestProblems {

	private static final String HANDLER = "gatewayMalformedRequestProblems";

	static final Duration LINGER = Duration.ofSeconds(2);

	@Bean
	NettyServerCustomizer malformedRequestsAsProblems() {
		return (server) -> server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new Refuser());
			}
		});
	}

	private static byte[] body(ProblemCode code, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", code.type().toString());
		problem.put("title", code.title());
		problem.put("status", code.status().value());
		problem.put("detail", detail);
		problem.put("code", code.code());
		return JsonMapper.builder().build().writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
	}

	/** The answer for each kind of request that cannot be decoded. */
	enum Refusal {

		NOT_HTTP(ProblemCode.INVALID_REQUEST,
				"The request is not valid HTTP (for example its Content-Length is not a length)."),

		LINE_TOO_LONG(ProblemCode.REQUEST_LINE_TOO_LONG,
				"The request line (method, path and query) is longer than this server accepts."),

		HEADERS_TOO_LARGE(ProblemCode.HEADERS_TOO_LARGE, "The request's headers are larger than this server accepts.");

		private final HttpResponseStatus status;

		private final byte[] body;

		Refusal(ProblemCode code, String detail) {
			this.status = HttpResponseStatus.valueOf(code.status().value());
			this.body = body(code, detail);
		}

		/** Which refusal a decoded message calls for, or {@code null} when it is fine. */
		static @Nullable Refusal of(Object msg) {
			if (!(msg instanceof HttpObject decoded) || !decoded.decoderResult().isFailure()) {
				return null;
			}
			Throwable cause = decoded.decoderResult().cause();
			if (cause instanceof TooLongHttpLineException) {
				return LINE_TOO_LONG;
			}
			if (cause instanceof TooLongHttpHeaderException) {
				return HEADERS_TOO_LARGE;
			}
			return NOT_HTTP;
		}

		FullHttpResponse response() {
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, this.status,
					Unpooled.wrappedBuffer(this.body));
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, this.body.length)
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			return response;
		}

	}

	/**
	 * One per connection: after a refusal, whatever else arrives is dropped. A request
	 * that cannot be decoded is answered after the answers to the requests before it on
	 * the connection (HTTP/1.1 answers in order); a body that breaks mid-way is answered
	 * at once, as the request it belongs to cannot finish.
	 */
	private static final class Refuser extends ChannelDuplexHandler {

		private boolean refused;

		/** Requests passed on whose answer has not been written completely yet. */
		private int unanswered;

		private @Nullable Refusal waiting;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (this.refused) {
				ReferenceCountUtil.release(msg);
				return;
			}
			Refusal refusal = Refusal.of(msg);
			if (refusal == null) {
				if (msg instanceof HttpRequest) {
					this.unanswered++;
				}
				ctx.fireChannelRead(msg);
				return;
			}
			this.refused = true;
			ReferenceCountUtil.release(msg);
			if (msg instanceof HttpRequest && this.unanswered > 0) {
				this.waiting = refusal;
				return;
			}
			refuse(ctx, refusal);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			boolean answerEnds = msg instanceof LastHttpContent && !(msg instanceof HttpResponse response
					&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
			ctx.write(msg, promise);
			if (answerEnds && --this.unanswered <= 0 && this.waiting != null) {
				Refusal refusal = this.waiting;
				this.waiting = null;
				refuse(ctx, refusal);
			}
		}

		private static void refuse(ChannelHandlerContext ctx, Refusal refusal) {
			ctx.writeAndFlush(refusal.response()).addListener((written) -> lingerThenClose(ctx));
		}

		private static void lingerThenClose(ChannelHandlerContext ctx) {
			Channel channel = ctx.channel();
			if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
				ctx.close();
				return;
			}
			duplex.shutdownOutput();
			channel.config().setAutoRead(true);
			ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
			// The client's close ends the channel earlier: Netty closes it on end of
			// input.
			ctx.read();
		}

	}

}
