package com.cloudstorage.files.kit.problem;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import com.cloudstorage.files.kit.tracing.Traced;

/**
 * Every failure that reaches the web layer — from a controller, a filter or the framework
 * itself — leaves as a problem. Runs before Boot's default error handler.
 */
public final class ProblemExceptionHandler implements WebExceptionHandler {

	private final ProblemResolver resolver;

	private final ProblemWriter writer;

	public ProblemExceptionHandler(ProblemResolver resolver, ProblemWriter writer) {
		this.resolver = resolver;
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			// Bytes already went out (a stream broke midway): all that is left is to cut
			// the connection.
			return Mono.error(ex);
		}
		return Mono.deferContextual((context) -> {
			// The resolver and the services' mappings log: under the request's trace.
			Problem problem = Traced.supply(context, () -> this.resolver.resolve(ex, exchange));
			// Headers a handler set before failing (e.g. relayed from a downstream) are
			// not part of the problem.
			exchange.getResponse().getHeaders().clear();
			return this.writer.write(exchange, problem);
		});
	}

}
