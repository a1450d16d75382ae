package com.cloudstorage.files.storage.object.s3;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.WriteTimeoutHandler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import com.cloudstorage.files.kit.bytes.LargeBodies;
import com.cloudstorage.files.storage.provider.ProviderProperties.Timeouts;

/**
 * The connection pool and Reactor Netty client of one kind of direct call
 * ({@link DirectDownloads}, {@link DirectPuts}) to one profile's provider: pooled
 * buffers, and the profile's pool size, acquire, connect and write timeouts.
 */
final class DirectConnections implements AutoCloseable {

	/**
	 * Below the idle timeouts of common S3 servers, so a pooled connection is not reused
	 * just as the server closes it.
	 */
	private static final Duration MAX_IDLE = Duration.ofSeconds(20);

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

	@Override
	public void close() {
		this.pool.dispose();
	}

}
