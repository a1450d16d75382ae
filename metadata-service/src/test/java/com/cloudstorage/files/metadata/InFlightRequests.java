package com.cloudstorage.files.metadata;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;

import com.cloudstorage.files.localinfra.ThreadDumpWatchdog;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;

/**
 * Adds to the watchdog's dumps the requests the service has received and not yet
 * answered, with their age, and the R2DBC pool's counts: whether a request that got no
 * answer ever reached the service, and whether it waits for a connection (issue #8).
 */
@TestConfiguration(proxyBeanMethods = false)
class InFlightRequests {

	private final Map<Long, String> open = new ConcurrentHashMap<>();

	private final Map<Long, Instant> since = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	InFlightRequests(ConnectionFactory connections) {
		ThreadDumpWatchdog.addSection("metadata-service: requests received and not answered yet, R2DBC pool",
				() -> describe(connections));
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebFilter inFlightRequestsFilter() {
		return (exchange, chain) -> {
			long id = this.ids.incrementAndGet();
			this.open.put(id, exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value());
			this.since.put(id, Instant.now());
			return chain.filter(exchange).doFinally((signal) -> {
				this.open.remove(id);
				this.since.remove(id);
			});
		};
	}

	private String describe(ConnectionFactory connections) {
		StringBuilder out = new StringBuilder();
		Instant now = Instant.now();
		this.open.forEach((id, request) -> {
			Instant start = this.since.get(id);
			long age = (start != null) ? Duration.between(start, now).toMillis() : -1;
			out.append("  #").append(id).append(' ').append(request).append(" for ").append(age).append(" ms\n");
		});
		if (out.isEmpty()) {
			out.append("  none\n");
		}
		if (connections instanceof ConnectionPool pool) {
			pool.getMetrics()
				.ifPresent((metrics) -> out.append("  pool: acquired=")
					.append(metrics.acquiredSize())
					.append(" allocated=")
					.append(metrics.allocatedSize())
					.append(" idle=")
					.append(metrics.idleSize())
					.append(" pending acquires=")
					.append(metrics.pendingAcquireSize()));
		}
		return out.toString();
	}

}
