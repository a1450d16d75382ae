package com.cloudstorage.files.storage.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemMappings;
import com.cloudstorage.files.kit.security.RouteScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.cloudstorage.files.kit.security.Scopes.FILES_ADMIN;
import static com.cloudstorage.files.kit.security.Scopes.FILES_INTERNAL;
import static com.cloudstorage.files.kit.security.Scopes.authority;

/**
 * A service identity ({@code files:internal}) to write, read or presign bytes; an
 * operator's {@code files:admin} for the workers' admin endpoints (reconcile, dead-letter
 * replay). Tokens must name this service's audience.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger LOG = LoggerFactory.getLogger(StorageGrants.class);

	@Bean
	RouteScopes storageRoutes() {
		return (exchanges) -> exchanges.pathMatchers("/internal/v1/admin/**")
			.hasAuthority(authority(FILES_ADMIN))
			// The byte API: only a service identity (the gateway, with keys
			// metadata-service reserved or located), never a user's token, whatever its
			// files:* scopes.
			.pathMatchers("/internal/**")
			.hasAuthority(authority(FILES_INTERNAL))
			.anyExchange()
			.authenticated();
	}

	/**
	 * Refused grants and overwrites: {@code 403}, logged here because the kit's problem
	 * handler runs under the request's trace (the line carries its ids), so the checks
	 * need not put the trace in place on every request.
	 */
	@Bean
	ProblemMappings storageAccessProblems() {
		return (registry) -> registry.map(AccessRefusedException.class, (ex) -> {
			// Neither the grant nor the key: the key names a user's file.
			LOG.warn("Refused a {} provider {}: {}.", ex.action(), ex.provider(), ex.reason());
			return Problem.of(ProblemCode.FORBIDDEN, ex.getMessage());
		});
	}

}
