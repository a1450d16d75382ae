package com.cloudstorage.files.sharelink.security;

import com.cloudstorage.files.kit.security.RouteScopes;
import com.cloudstorage.files.kit.security.Scopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Public links are open; the internal API needs {@code files:share} or
 * {@code files:delete} (the gateway calls it on behalf of a user who just changed a link
 * or deleted a file). The rest of the resource server comes from the kit.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	RouteScopes linkRoutes() {
		return (exchanges) -> exchanges.pathMatchers("/s/**")
			.permitAll()
			.pathMatchers("/internal/**")
			.hasAnyAuthority(Scopes.authorities(Scopes.FILES_SHARE, Scopes.FILES_DELETE))
			.anyExchange()
			.authenticated();
	}

}
