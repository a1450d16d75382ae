package com.cloudstorage.files.gateway.route;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.cloudstorage.files.gateway.error.ProblemException;

/**
 * Limits each authenticated caller (JWT subject) on {@code /api/**}: over the limit is
 * {@code 429 TooManyRequests} with {@code Retry-After}. Runs after Spring Security, so
 * the subject comes from a verified token; it also records the caller for the circuit
 * breakers ({@link Callers}). Health, the UI's static files and {@code /s/} (which
 * share-link-service limits by failed lookups itself) are not limited here.
 */
class CallerRateLimitFilter implements WebFilter, Ordered {

	private final TokenBuckets buckets;

	CallerRateLimitFilter(TokenBuckets buckets) {
		this.buckets = buckets;
	}

	@Override
	public int getOrder() {
		// After Spring Security's WebFilterChainProxy (-100).
		return 0;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.startsWith("/api/")) {
			return chain.filter(exchange);
		}
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter(Authentication::isAuthenticated)
			.map((authentication) -> "subject:" + authentication.getName())
			.flatMap((caller) -> {
				exchange.getAttributes().put(Callers.ATTRIBUTE, caller);
				Duration wait = this.buckets.take(caller);
				if (wait.isZero()) {
					return chain.filter(exchange).thenReturn(true);
				}
				return Mono.<Boolean>error(ProblemException.tooManyRequests(wait));
			})
			.switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(true)))
			.then();
	}

}
