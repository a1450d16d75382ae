package com.cloudstorage.files.gateway.security;

import com.cloudstorage.files.kit.security.RouteScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import static com.cloudstorage.files.kit.security.Scopes.FILES_READ;
import static com.cloudstorage.files.kit.security.Scopes.FILES_WRITE;
import static com.cloudstorage.files.kit.security.Scopes.authority;

/**
 * Every {@code /api/**} call needs a valid JWT; the routes the gateway serves itself also
 * need their scope (the services behind check theirs). The identity comes only from the
 * token, and the token travels on unchanged. The rest of the resource server comes from
 * the kit.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	RouteScopes gatewayRoutes() {
		return (exchanges) -> exchanges
			// Public sharing links and the UI's static pages: the UI signs in itself and
			// calls /api with a token.
			.pathMatchers(HttpMethod.GET, "/s/*", "/", "/index.html", "/login/callback", "/ui/**", "/favicon.ico")
			.permitAll()
			// The API document and its browsable UI (springdoc's page and the swagger-ui
			// webjar, served under /swagger-ui/): the document describes the API, it
			// grants nothing.
			.pathMatchers(HttpMethod.GET, "/openapi.yaml", "/swagger-ui.html", "/swagger-ui/**",
					"/v3/api-docs/swagger-config")
			.permitAll()
			.pathMatchers(HttpMethod.HEAD, "/s/*")
			.permitAll()
			.pathMatchers(HttpMethod.POST, "/api/v1/files")
			.hasAuthority(authority(FILES_WRITE))
			.pathMatchers(HttpMethod.PUT, "/api/v1/files")
			.hasAuthority(authority(FILES_WRITE))
			.pathMatchers(HttpMethod.GET, "/api/v1/files/*/content")
			.hasAuthority(authority(FILES_READ))
			.pathMatchers(HttpMethod.HEAD, "/api/v1/files/*/content", "/api/v1/files", "/api/v1/files/*")
			.hasAuthority(authority(FILES_READ))
			.pathMatchers("/api/v1/uploads", "/api/v1/uploads/**")
			.hasAuthority(authority(FILES_WRITE))
			.pathMatchers("/api/v1/tus/", "/api/v1/tus/*")
			.hasAuthority(authority(FILES_WRITE))
			.pathMatchers("/api/**")
			.authenticated()
			// Anything else is not a route at all: let it reach the 404 handler.
			.anyExchange()
			.permitAll();
	}

}
