package com.cloudstorage.files.sharelink.security;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * Health and public links are open; the internal API needs a valid JWT with
 * {@code files:share} or {@code files:delete} (the gateway calls it on behalf of a user
 * who just changed a link or deleted a file). Refusals are problem+json like everywhere
 * else.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchange) -> exchange.pathMatchers("/actuator/health/**", "/actuator/health", "/s/**")
				.permitAll()
				.pathMatchers("/internal/**")
				.hasAnyAuthority("SCOPE_files:share", "SCOPE_files:delete")
				.anyExchange()
				.authenticated())
			.exceptionHandling((handling) -> handling
				.authenticationEntryPoint((exchange, ex) -> problem(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
						"Unauthorized", "A valid bearer token is required."))
				.accessDeniedHandler((exchange, ex) -> problem(exchange.getResponse(), HttpStatus.FORBIDDEN,
						"Forbidden", "A scope is missing for this call.")))
			.oauth2ResourceServer((oauth2) -> oauth2
				.authenticationEntryPoint((exchange, ex) -> problem(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
						"Unauthorized", "A valid bearer token is required."))
				.jwt(Customizer.withDefaults()))
			.build();
	}

	private static Mono<Void> problem(ServerHttpResponse response, HttpStatus status, String code, String detail) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		String kebab = code.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
		byte[] body = ("{\"type\":\"https://errors.cloudstorage.dev/files/" + kebab + "\",\"title\":\""
				+ status.getReasonPhrase() + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail
				+ "\",\"code\":\"" + code + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
