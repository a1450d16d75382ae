package com.cloudstorage.files.storage.object.web;

import com.cloudstorage.files.kit.security.RouteScopes;
import com.cloudstorage.files.kit.security.Scopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * files:write to upload, files:read to download or presign; everything else of the
 * resource server comes from the kit.
 */
@Configuration(proxyBeanMethods = false)
class ObjectRouteScopes {

	@Bean
	RouteScopes objectRoutes() {
		return (exchanges) -> exchanges.pathMatchers(HttpMethod.PUT, "/internal/v1/objects/**")
			.hasAuthority(Scopes.authority(Scopes.FILES_WRITE))
			.pathMatchers(HttpMethod.GET, "/internal/v1/objects/**")
			.hasAuthority(Scopes.authority(Scopes.FILES_READ))
			.pathMatchers(HttpMethod.HEAD, "/internal/v1/objects/**")
			.hasAuthority(Scopes.authority(Scopes.FILES_READ))
			.pathMatchers(HttpMethod.POST, "/internal/v1/presigned-downloads")
			.hasAuthority(Scopes.authority(Scopes.FILES_READ))
			.anyExchange()
			.authenticated();
	}

}
