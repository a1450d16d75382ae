package com.cloudstorage.files.storage.object.web;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;

/**
 * Bearer-token security: files:write to upload, files:read to download or presign;
 * 401/403 as problems.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class WebSecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> write(exchange, HttpStatus.UNAUTHORIZED,
				"Unauthorized", "A valid bearer token is required.");
		ServerAccessDeniedHandler forbidden = (exchange, ex) -> write(exchange, HttpStatus.FORBIDDEN, "Forbidden",
				"The token lacks a required scope.");
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.pathMatchers(HttpMethod.PUT, "/internal/v1/objects/**")
				.hasAuthority("SCOPE_files:write")
				.pathMatchers(HttpMethod.GET, "/internal/v1/objects/**")
				.hasAuthority("SCOPE_files:read")
				.pathMatchers(HttpMethod.HEAD, "/internal/v1/objects/**")
				.hasAuthority("SCOPE_files:read")
				.pathMatchers(HttpMethod.POST, "/internal/v1/presigned-downloads")
				.hasAuthority("SCOPE_files:read")
				.anyExchange()
				.authenticated())
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
		byte[] json = Problems.json(status.value(), code, status.getReasonPhrase(), detail)
			.getBytes(StandardCharsets.UTF_8);
		DataBuffer buffer = response.bufferFactory().wrap(json);
		return response.writeWith(Mono.just(buffer));
	}

}
