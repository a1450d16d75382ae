package com.cloudstorage.files.storage.security;

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

}
