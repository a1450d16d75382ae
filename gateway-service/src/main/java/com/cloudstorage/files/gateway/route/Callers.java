package com.cloudstorage.files.gateway.route;

import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is calling, as a key for rate limits and circuit-breaker accounting: the JWT
 * subject once authenticated (set by {@link CallerRateLimitFilter}), else the address
 * this gateway saw (never one the client claims).
 */
final class Callers {

	static final String ATTRIBUTE = Callers.class.getName() + ".caller";

	private Callers() {
	}

	static String of(ServerWebExchange exchange) {
		String caller = exchange.getAttribute(ATTRIBUTE);
		return (caller != null) ? caller : "address:" + address(exchange.getRequest());
	}

	static String address(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

}
