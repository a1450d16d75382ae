package com.cloudstorage.files.storage.reconcile.web;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

/**
 * The workers' admin endpoints ({@code /internal/v1/admin/**}) need the
 * {@code files:admin} scope; this chain runs before the byte API's.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

	static final String ADMIN_PATHS = "/internal/v1/admin/**";

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain adminSecurityWebFilterChain(ServerHttpSecurity http) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> write(exchange, HttpStatus.UNAUTHORIZED,
				"Unauthorized", "A valid bearer token is required.");
		ServerAccessDeniedHandler forbidden = (exchange, ex) -> write(exchange, HttpStatus.FORBIDDEN, "Forbidden",
				"The token lacks the files:admin scope.");
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(ADMIN_PATHS))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.anyExchange().hasAuthority("SCOPE_files:admin"))
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			.build();
	}

	private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String code, String detail) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		byte[] json = AdminProblems.json(status.value(), code, status.getReasonPhrase(), detail)
			.getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
	}

}
