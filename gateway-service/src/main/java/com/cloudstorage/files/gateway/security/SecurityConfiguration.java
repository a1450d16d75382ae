package com.cloudstorage.files.gateway.security;

import java.io.InputStream;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

import com.cloudstorage.files.gateway.error.Problems;

/**
 * Every {@code /api/**} call needs a valid JWT; the routes the gateway serves itself also
 * need their scope. The identity comes only from the token, and the token travels on
 * unchanged to the services behind.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain apiSecurity(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				// Public sharing links and the UI's static pages: the UI signs in itself
				// and calls /api with a token.
				.pathMatchers(HttpMethod.GET, "/s/*", "/", "/index.html", "/login/callback", "/ui/**", "/favicon.ico")
				.permitAll()
				.pathMatchers(HttpMethod.HEAD, "/s/*")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/v1/files")
				.hasAuthority("SCOPE_files:write")
				.pathMatchers(HttpMethod.PUT, "/api/v1/files")
				.hasAuthority("SCOPE_files:write")
				.pathMatchers(HttpMethod.GET, "/api/v1/files/*/content")
				.hasAuthority("SCOPE_files:read")
				.pathMatchers(HttpMethod.HEAD, "/api/v1/files/*/content", "/api/v1/files", "/api/v1/files/*")
				.hasAuthority("SCOPE_files:read")
				.pathMatchers("/api/**")
				.authenticated()
				// Anything else is not a route at all: let it reach the 404 handler.
				.anyExchange()
				.permitAll())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(jwt -> {
			}).authenticationEntryPoint((exchange, ex) -> {
				if (ex instanceof AuthenticationServiceException) {
					return Mono.error(ex);
				}
				exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
				return Problems.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "Unauthorized",
						"A valid bearer token is required.", exchange.getRequest().getPath().value());
			})
				.accessDeniedHandler((exchange, ex) -> Problems.write(exchange.getResponse(), HttpStatus.FORBIDDEN,
						"Forbidden", "A scope is missing for this call.", exchange.getRequest().getPath().value())))
			.build();
	}

	/**
	 * Paths the security firewall refuses (encoded slashes or dots, {@code ;}) get a
	 * problem, not a bare 400.
	 */
	@Bean
	org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler exchangeRejectedHandler() {
		return (exchange, ex) -> Problems.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, "InvalidRequest",
				"The request path is not allowed.", "");
	}

	/**
	 * Keys from {@code public-key-location}, else {@code jwk-set-uri}, else discovered
	 * lazily from {@code issuer-uri}; {@code iss} is checked whenever an issuer is
	 * configured. An unreachable issuer becomes a 503, not a 500.
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties,
			@Value("${files.gateway.connect-timeout:2s}") Duration connectTimeout,
			@Value("${files.gateway.response-timeout:10s}") Duration responseTimeout) throws Exception {
		// Key discovery is an internal call like any other: it must not hang a request.
		WebClient issuerClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
				.responseTimeout(responseTimeout)))
			.build();
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		String issuer = jwt.getIssuerUri();
		OAuth2TokenValidator<Jwt> validator = StringUtils.hasText(issuer)
				? JwtValidators.createDefaultWithIssuer(issuer) : JwtValidators.createDefault();
		if (jwt.getPublicKeyLocation() != null) {
			NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
				.withPublicKey(publicKey(jwt.getPublicKeyLocation()))
				.build();
			decoder.setJwtValidator(validator);
			return decoder;
		}
		if (StringUtils.hasText(jwt.getJwkSetUri())) {
			NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwt.getJwkSetUri())
				.webClient(issuerClient)
				.build();
			decoder.setJwtValidator(validator);
			return decoder;
		}
		if (!StringUtils.hasText(issuer)) {
			throw new IllegalStateException("Configure spring.security.oauth2.resourceserver.jwt.issuer-uri, "
					+ "jwk-set-uri or public-key-location");
		}
		return new IssuerDiscoveringDecoder(issuer, validator, issuerClient);
	}

	private static RSAPublicKey publicKey(Resource location) throws Exception {
		try (InputStream in = location.getInputStream()) {
			String pem = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
			String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
	}

	/**
	 * Discovers the issuer's keys on first use, reactively (so the gateway starts while
	 * the issuer is still down and no event-loop thread ever blocks), and turns an
	 * unreachable issuer into a 503 rather than a 401 or a 500.
	 */
	static final class IssuerDiscoveringDecoder implements ReactiveJwtDecoder {

		private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IssuerDiscoveringDecoder.class);

		private final NimbusReactiveJwtDecoder delegate;

		IssuerDiscoveringDecoder(String issuer, OAuth2TokenValidator<Jwt> validator, WebClient webClient) {
			this.delegate = NimbusReactiveJwtDecoder.withIssuerLocation(issuer).webClient(webClient).build();
			this.delegate.setJwtValidator(validator);
		}

		@Override
		public Mono<Jwt> decode(String token) throws JwtException {
			return this.delegate.decode(token).onErrorMap((ex) -> !(ex instanceof JwtException), (ex) -> {
				LOG.warn("The token issuer cannot be reached: {}", ex.toString());
				return new AuthenticationServiceException("The token issuer cannot be reached", ex);
			});
		}

	}

}
