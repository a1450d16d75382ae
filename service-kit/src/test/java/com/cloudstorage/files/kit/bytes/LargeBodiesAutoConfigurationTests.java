package com.cloudstorage.files.kit.bytes;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpDecoderSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpRequestDecoderSpec;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class LargeBodiesAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NettyReactiveWebServerAutoConfiguration.class,
				LargeBodiesAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.max-http-request-header-size=12KB",
				"server.netty.max-initial-line-length=2KB");

	@Test
	void theServerDecodesBodiesInLargePiecesAndKeepsBootsLimits() {
		this.runner.run((context) -> {
			HttpServer server = configured(context.getBean(NettyReactiveWebServerFactory.class));
			HttpRequestDecoderSpec decoder = server.configuration().decoder();
			assertThat(decoder.maxChunkSize()).isEqualTo(LargeBodies.MAX_CHUNK_SIZE);
			assertThat(decoder.maxHeaderSize()).isEqualTo(12 * 1024);
			assertThat(decoder.maxInitialLineLength()).isEqualTo(2 * 1024);
			assertThat(decoder.validateHeaders()).isEqualTo(HttpDecoderSpec.DEFAULT_VALIDATE_HEADERS);
		});
	}

	@Test
	void theServersConnectionsUseThePooledAllocator() {
		this.runner.run((context) -> {
			HttpServer server = configured(context.getBean(NettyReactiveWebServerFactory.class));
			assertThat(server.configuration().childOptions().get(ChannelOption.ALLOCATOR))
				.isSameAs(PooledByteBufAllocator.DEFAULT);
		});
	}

	@Test
	void aClientDecodesBodiesInLargePiecesWithThePooledAllocator() {
		HttpClient client = LargeBodies.client(HttpClient.create());
		assertThat(client.configuration().decoder().maxChunkSize()).isEqualTo(LargeBodies.MAX_CHUNK_SIZE);
		assertThat(client.configuration().options().get(ChannelOption.ALLOCATOR))
			.isSameAs(PooledByteBufAllocator.DEFAULT);
	}

	/** The server as the factory would build it: every customizer applied in order. */
	private static HttpServer configured(NettyReactiveWebServerFactory factory) {
		HttpServer server = HttpServer.create();
		for (NettyServerCustomizer customizer : factory.getServerCustomizers()) {
			server = customizer.apply(server);
		}
		return server;
	}

}
