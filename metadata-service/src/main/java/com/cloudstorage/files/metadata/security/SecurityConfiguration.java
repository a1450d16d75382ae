package com.cloudstorage.files.metadata.security;

import com.cloudstorage.files.kit.security.RouteScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import static com.cloudstorage.files.kit.security.Scopes.DOCUMENTS_WRITE;
import static com.cloudstorage.files.kit.security.Scopes.FILES_DELETE;
import static com.cloudstorage.files.kit.security.Scopes.FILES_READ;
import static com.cloudstorage.files.kit.security.Scopes.FILES_SHARE;
import static com.cloudstorage.files.kit.security.Scopes.FILES_WRITE;
import static com.cloudstorage.files.kit.security.Scopes.authority;

/**
 * One scope per route, as in internal-api.md; the rest of the resource server (stateless,
 * problems for 401/403, issuer down → 503) comes from the kit.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	RouteScopes metadataRoutes() {
		return (exchanges) -> exchanges.pathMatchers(HttpMethod.GET, "/api/v1/files", "/api/v1/files/*")
			.hasAuthority(authority(FILES_READ))
			// WebFlux answers HEAD with the GET handlers: it needs the same scope.
			.pathMatchers(HttpMethod.HEAD, "/api/v1/files", "/api/v1/files/*", "/internal/v1/files/*/location")
			.hasAuthority(authority(FILES_READ))
			.pathMatchers(HttpMethod.DELETE, "/api/v1/files/*")
			.hasAuthority(authority(FILES_DELETE))
			.pathMatchers(HttpMethod.POST, "/api/v1/files/*/attachments")
			.hasAuthority(authority(FILES_WRITE))
			.pathMatchers(HttpMethod.DELETE, "/api/v1/files/*/attachments/**")
			.hasAuthority(authority(FILES_WRITE))
			.pathMatchers("/api/v1/files/*/share-link", "/api/v1/files/*/share-link/**")
			.hasAuthority(authority(FILES_SHARE))
			.pathMatchers(HttpMethod.PUT, "/api/v1/documents/**")
			.hasAuthority(authority(DOCUMENTS_WRITE))
			.matchers(UploadGrants.grantedCalls())
			.permitAll()
			.pathMatchers(HttpMethod.POST, "/internal/v1/uploads", "/internal/v1/uploads/**")
			.hasAuthority(authority(FILES_WRITE))
			.pathMatchers("/internal/v1/upload-sessions", "/internal/v1/upload-sessions/**")
			.hasAuthority(authority(FILES_WRITE))
			.pathMatchers(HttpMethod.GET, "/internal/v1/files/*/location")
			.hasAuthority(authority(FILES_READ))
			.anyExchange()
			.authenticated();
	}

}
