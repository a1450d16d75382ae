package com.cloudstorage.files.gateway.error;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.kit.problem.ProblemCode;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/**
 * A request Netty cannot decode (a {@code Content-Length} that is not one non-negative
 * number, a broken request line or header) never reaches Spring: Reactor Netty answers it
 * with an empty {@code 400}. Worse, a chunked body that breaks mid-way (a chunk size that
 * is not a number) used to end the body as if it were complete, so an upload completed
 * with the bytes so far (issue #8: an empty AVAILABLE file); here the connection is
 * closed instead, so whoever reads the body sees it fail. Here it gets the same
 * {@code 400} as problem+json with the catalogue's {@code InvalidRequest}, so every
 * refusal looks alike; the connection is closed, as nothing after such a request can be
 * trusted. Oversized request lines and headers keep Reactor Netty's own answers
 * (414/431).
 */
@Configuration(proxyBeanMethods = false)
class MalformedRequestProblems {

	private static final String HANDLER = "gatewayMalformedRequestProblems";

	private static final byte[] BODY = body();

	@Bean
	NettyServerCustomizer malformedRequestsAsProblems() {
		return (server) -> server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new Refuser());
			}
		});
	}

	private static byte[] body() {
		ProblemCode code = ProblemCode.INVALID_REQUEST;
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", code.type().toString());
		problem.put("title", code.title());
		problem.put("status", code.status().value());
		problem.put("detail", "The request is not valid HTTP (for example its Content-Length is not a length).");
		problem.put("code", code.code());
		return JsonMapper.builder().build().writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
	}

	/** One per connection: after a refusal, whatever else arrives is dropped. */
	private static final class Refuser extends ChannelInboundHandlerAdapter {

		private boolean refused;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (this.refused) {
				ReferenceCountUtil.release(msg);
				return;
			}
			if (isRefused(msg)) {
				// For a body that breaks mid-way, whoever reads it sees the connection
				// close, fails and aborts what it began.
				this.refused = true;
				ReferenceCountUtil.release(msg);
				FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
						HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(BODY));
				response.headers()
					.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
					.setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
					.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
				ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
				return;
			}
			ctx.fireChannelRead(msg);
		}

		private static boolean isRefused(Object msg) {
			if (!(msg instanceof HttpObject decoded) || !decoded.decoderResult().isFailure()) {
				return false;
			}
			if (msg instanceof HttpRequest) {
				// Oversized request lines and headers: Reactor Netty's 414/431 say more.
				return !(decoded.decoderResult().cause() instanceof TooLongFrameException);
			}
			return msg instanceof HttpContent;
		}

	}

}
