package com.cloudstorage.files.sharelink.security;

import com.cloudstorage.files.kit.security.RouteScopes;
import com.cloudstorage.files.kit.security.Scopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Public links are open; the internal API needs a service identity
 * ({@code files:internal}: the gateway waiting for a link change to apply), never a
 * user's token. The rest of the resource server comes from the kit.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	RouteScopes linkRoutes() {
		return (exchanges) -> exchanges.pathMatchers("/s/**")
			.permitAll()
			.pathMatchers("/internal/**")
			.hasAuthority(Scopes.authority(Scopes.FILES_INTERNAL))
			.anyExchange()
			.authenticated();
	}

}
