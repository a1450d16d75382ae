package com.cloudstorage.files.kit.warmup;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Opens the R2DBC pool's initial connections ({@code spring.r2dbc.pool.initial-size}) and
 * runs one trivial query, so the first request neither waits for connections to be
 * created nor runs the driver's code paths for the first time.
 */
final class DatabaseWarmUp {

	private DatabaseWarmUp() {
	}

	static WarmUpStep step(ConnectionFactory factory) {
		return WarmUpStep.of("database", () -> run(factory));
	}

	static Mono<Void> run(ConnectionFactory factory) {
		ConnectionPool pool = pool(factory);
		Mono<Integer> opened = (pool != null) ? pool.warmup() : Mono.just(0);
		return opened.then(Mono.usingWhen(factory.create(),
				(connection) -> Flux.from(connection.createStatement("SELECT 1").execute())
					.flatMap((result) -> result.map((row, metadata) -> 1))
					.then(),
				Connection::close));
	}

	private static @Nullable ConnectionPool pool(Object factory) {
		Object current = factory;
		while (true) {
			if (current instanceof ConnectionPool pool) {
				return pool;
			}
			if (current instanceof Wrapped<?> wrapped && wrapped.unwrap() != current) {
				current = wrapped.unwrap();
				continue;
			}
			return null;
		}
	}

}
