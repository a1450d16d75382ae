package com.cloudstorage.files.kit.bytes;

import io.netty.channel.ChannelOption;
import reactor.netty.http.server.HttpRequestDecoderSpec;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The service's own HTTP server gets {@link LargeBodies}' settings: pooled buffers for
 * its connections and request bodies in the pieces the socket delivered. Every other
 * decoder setting (line and header limits, header validation) stays as Boot configured
 * it.
 */
@AutoConfiguration
@ConditionalOnClass({ HttpServer.class, NettyReactiveWebServerFactory.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class LargeBodiesAutoConfiguration {

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> kitLargeBodies() {
		return new ServerLargeBodies();
	}

	/**
	 * Runs after Boot's own customizer: Reactor Netty starts from a new decoder spec on
	 * every change, so this one copies what Boot set and changes only the chunk size.
	 */
	static final class ServerLargeBodies implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

		@Override
		public void customize(NettyReactiveWebServerFactory factory) {
			factory.addServerCustomizers((server) -> {
				HttpRequestDecoderSpec configured = server.configuration().decoder();
				return server.childOption(ChannelOption.ALLOCATOR, LargeBodies.ALLOCATOR)
					.httpRequestDecoder((spec) -> spec.maxInitialLineLength(configured.maxInitialLineLength())
						.maxHeaderSize(configured.maxHeaderSize())
						.validateHeaders(configured.validateHeaders())
						.initialBufferSize(configured.initialBufferSize())
						.allowDuplicateContentLengths(configured.allowDuplicateContentLengths())
						.allowPartialChunks(configured.allowPartialChunks())
						.h2cMaxContentLength(configured.h2cMaxContentLength())
						.maxChunkSize(LargeBodies.MAX_CHUNK_SIZE));
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
