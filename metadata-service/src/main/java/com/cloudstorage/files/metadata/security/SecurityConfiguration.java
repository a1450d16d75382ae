package com.cloudstorage.files.metadata.security;

import com.cloudstorage.files.kit.security.RouteScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import static com.cloudstorage.files.kit.security.Scopes.DOCUMENTS_WRITE;
import static com.cloudstorage.files.kit.security.Scopes.FILES_DELETE;
import static com.cloudstorage.files.kit.security.Scopes.FILES_INTERNAL;
import static com.cloudstorage.files.kit.security.Scopes.FILES_READ;
import static com.cloudstorage.files.kit.security.Scopes.FILES_SHARE;
import static com.cloudstorage.files.kit.security.Scopes.FILES_WRITE;
import static com.cloudstorage.files.kit.security.Scopes.authority;

/**
 * One scope per route, as in internal-api.md; {@code /internal/**} only for a service
 * identity ({@code files:internal}), or a completion grant; the rest of the resource
 * server (stateless, problems for 401/403, issuer down → 503) comes from the kit.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	RouteScopes metadataRoutes() {
		return (exchanges) -> exchanges.pathMatchers(HttpMethod.GET, "/api/v1/files", "/api/v1/files/*")
			.hasAuthority(authority(FILES_READ))
			// WebFlux answers HEAD with the GET handlers: it needs the same scope.
			.pathMatchers(HttpMethod.HEAD, "/api/v1/files", "/api/v1/files/*")
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
			// A service identity only, never a user's token; the user it acts for is
			// named in headers the handlers check (@ActingFor).
			.pathMatchers("/internal/**")
			.hasAuthority(authority(FILES_INTERNAL))
			.anyExchange()
			.authenticated();
	}

}
