package com.cloudstorage.files.metadata.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Stateless JWT resource server: one scope per route as in internal-api.md, problem+json
 * for 401 and 403.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

	private static final String READ = "SCOPE_files:read";

	private static final String WRITE = "SCOPE_files:write";

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> ProblemResponses.write(exchange,
				HttpStatus.UNAUTHORIZED, "Unauthorized", "unauthorized", "A valid bearer token is required.");
		ServerAccessDeniedHandler forbidden = (exchange, ex) -> ProblemResponses.write(exchange, HttpStatus.FORBIDDEN,
				"Forbidden", "forbidden", "The token lacks the scope this call needs.");
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/v1/files", "/api/v1/files/*")
				.hasAuthority(READ)
				// WebFlux answers HEAD with the GET handlers: it needs the same scope.
				.pathMatchers(HttpMethod.HEAD, "/api/v1/files", "/api/v1/files/*", "/internal/v1/files/*/location")
				.hasAuthority(READ)
				.pathMatchers(HttpMethod.DELETE, "/api/v1/files/*")
				.hasAuthority("SCOPE_files:delete")
				.pathMatchers(HttpMethod.POST, "/api/v1/files/*/attachments")
				.hasAuthority(WRITE)
				.pathMatchers(HttpMethod.DELETE, "/api/v1/files/*/attachments/**")
				.hasAuthority(WRITE)
				.pathMatchers("/api/v1/files/*/share-link", "/api/v1/files/*/share-link/**")
				.hasAuthority("SCOPE_files:share")
				.pathMatchers(HttpMethod.PUT, "/api/v1/documents/**")
				.hasAuthority("SCOPE_documents:write")
				.pathMatchers(HttpMethod.POST, "/internal/v1/uploads", "/internal/v1/uploads/**")
				.hasAuthority(WRITE)
				.pathMatchers(HttpMethod.GET, "/internal/v1/files/*/location")
				.hasAuthority(READ)
				.anyExchange()
				.authenticated())
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.oauth2ResourceServer((server) -> server.authenticationEntryPoint(unauthorized)
				.authenticationFailureHandler((webFilterExchange, ex) -> {
					if (ex instanceof AuthenticationServiceException) {
						// The token could not be checked (issuer or its keys
						// unreachable): not the caller's fault.
						LOG.warn("Could not validate a bearer token: {}", ex.getMessage());
						return ProblemResponses.write(webFilterExchange.getExchange(), HttpStatus.SERVICE_UNAVAILABLE,
								"ServiceUnavailable", "service-unavailable", "The token could not be validated now.");
					}
					return unauthorized.commence(webFilterExchange.getExchange(), ex);
				})
				.accessDeniedHandler(forbidden)
				.jwt(Customizer.withDefaults()))
			.build();
	}

	/**
	 * Requests the security firewall refuses (encoded NUL, slashes or dots in the path)
	 * get a problem, not a bare 400.
	 */
	@Bean
	ServerExchangeRejectedHandler exchangeRejectedHandler() {
		return (exchange, ex) -> ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST, "InvalidRequest",
				"invalid-request", "The request path is not allowed.");
	}

}
