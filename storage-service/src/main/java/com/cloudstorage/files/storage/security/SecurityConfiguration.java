package com.cloudstorage.files.storage.security;

import com.cloudstorage.files.kit.security.RouteScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import static com.cloudstorage.files.kit.security.Scopes.FILES_ADMIN;
import static com.cloudstorage.files.kit.security.Scopes.FILES_READ;
import static com.cloudstorage.files.kit.security.Scopes.FILES_WRITE;
import static com.cloudstorage.files.kit.security.Scopes.authority;

/**
 * files:write to upload, files:read to download or presign, files:admin for the workers'
 * admin endpoints (reconcile, dead-letter replay).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	RouteScopes storageRoutes() {
		return (exchanges) -> exchanges.pathMatchers("/internal/v1/admin/**")
			.hasAuthority(authority(FILES_ADMIN))
			.pathMatchers(HttpMethod.PUT, "/internal/v1/objects/**")
			.hasAuthority(authority(FILES_WRITE))
			.pathMatchers(HttpMethod.GET, "/internal/v1/objects/**")
			.hasAuthority(authority(FILES_READ))
			.pathMatchers(HttpMethod.HEAD, "/internal/v1/objects/**")
			.hasAuthority(authority(FILES_READ))
			.pathMatchers("/internal/v1/multipart-uploads/**")
			.hasAuthority(authority(FILES_WRITE))
			.pathMatchers(HttpMethod.POST, "/internal/v1/presigned-downloads")
			.hasAuthority(authority(FILES_READ))
			.anyExchange()
			.authenticated();
	}

}
