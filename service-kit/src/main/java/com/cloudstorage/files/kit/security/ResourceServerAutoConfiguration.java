package com.cloudstorage.files.kit.security;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemAutoConfiguration;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemMappings;
import com.cloudstorage.files.kit.problem.ProblemWriter;
import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.kit.warmup.WarmUpStep;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Every service is the same stateless JWT resource server: health is open, the other
 * actuator endpoints (metrics) need a valid token, the rest follows the service's
 * {@link RouteScopes}; 401 and 403 are problems with {@code WWW-Authenticate}; a token
 * that cannot be checked because the issuer is unreachable is a 503, not a 401 or a 500.
 */
@AutoConfiguration(before = ReactiveOAuth2ResourceServerAutoConfiguration.class, after = ProblemAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ ServerHttpSecurity.class, ReactiveJwtDecoder.class })
@EnableConfigurationProperties({ SecurityProperties.class, OAuth2ResourceServerProperties.class })
public class ResourceServerAutoConfiguration {

	private static final Logger LOG = LoggerFactory.getLogger(ResourceServerAutoConfiguration.class);

	/**
	 * Tokens remembered as verified: a few MiB at most at a 256 MiB heap, plenty for the
	 * callers active within {@link #VERIFIED_TOKEN_MAX_AGE}.
	 */
	private static final int VERIFIED_TOKENS = 1000;

	/** How long a signing key the issuer withdrew may still be trusted here. */
	private static final Duration VERIFIED_TOKEN_MAX_AGE = Duration.ofMinutes(5);

	@Bean
	@ConditionalOnBean(RouteScopes.class)
	@ConditionalOnMissingBean(SecurityWebFilterChain.class)
	SecurityWebFilterChain kitResourceServerSecurity(ServerHttpSecurity http, RouteScopes routes,
			ProblemWriter writer) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> {
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			return writer.write(exchange, ProblemCode.UNAUTHORIZED, "A valid bearer token is required.");
		};
		ServerAccessDeniedHandler forbidden = (exchange, ex) -> {
			exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
			return writer.write(exchange, ProblemCode.FORBIDDEN, "The token lacks the scope this call needs.");
		};
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> {
				exchanges.pathMatchers("/actuator/health", "/actuator/health/**").permitAll();
				// Metrics and the other endpoints: a valid token, whatever the service's
				// table says about paths it does not know (the gateway permits those).
				exchanges.pathMatchers("/actuator/**").authenticated();
				routes.authorize(exchanges);
			})
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.oauth2ResourceServer((server) -> server.bearerTokenConverter(new BearerTokens())
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden)
				.authenticationFailureHandler((filterExchange, ex) -> {
					if (ex instanceof AuthenticationServiceException) {
						return Traced.log(() -> LOG.warn("A bearer token could not be checked: {}", ex.getMessage()))
							.then(writer.write(filterExchange.getExchange(), ProblemCode.SERVICE_UNAVAILABLE,
									"The token could not be checked right now."));
					}
					return unauthorized.commence(filterExchange.getExchange(), ex);
				})
				.jwt((jwt) -> {
				}))
			.build();
	}

	/**
	 * Where Spring Security's observations are switched off
	 * ({@code management.observations.enable.spring.security=false}, as every service
	 * sets), none of its observation wrappers either. The property alone leaves a wrapper
	 * around every filter and around the authentication and authorization managers, each
	 * asking for a (no-op) observation on every request: 3 to 5 % of the CPU of
	 * {@code /s/} in the gateway and share-link-service (JFR, #10).
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "management.observations.enable.spring.security", havingValue = "false")
	SecurityObservationSettings kitSecurityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Paths the security firewall refuses (encoded slashes or dots, {@code ;}) get a
	 * problem, not a bare 400.
	 */
	@Bean
	@ConditionalOnMissingBean
	ServerExchangeRejectedHandler kitExchangeRejectedHandler(ProblemWriter writer) {
		return (exchange, ex) -> writer.write(exchange, ProblemCode.INVALID_REQUEST,
				"The request path is not allowed.");
	}

	/**
	 * Spring Security's strict firewall with its rules unchanged; only the header checks
	 * run without regular expressions ({@link HeaderCharacters}), since the firewall runs
	 * them on every header read.
	 */
	@Bean
	@ConditionalOnMissingBean
	ServerWebExchangeFirewall kitExchangeFirewall() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters::allowedName);
		firewall.setAllowedHeaderValues(HeaderCharacters::allowedValue);
		return firewall;
	}

	/** An issuer that cannot be reached is an outage, wherever the failure surfaces. */
	@Bean
	ProblemMappings kitSecurityProblems() {
		return (registry) -> registry.map(AuthenticationServiceException.class,
				(ex) -> Problem.of(ProblemCode.SERVICE_UNAVAILABLE, "The token could not be checked right now."));
	}

	/**
	 * Keys from {@code public-key-location}, else {@code jwk-set-uri}, else discovered
	 * lazily from {@code issuer-uri} (so a service starts while the issuer is still down
	 * and no event-loop thread blocks). {@code iss} is checked whenever an issuer is
	 * configured, {@code aud} always (a service names the audiences it accepts). A token
	 * that passed is remembered for a while ({@link VerifiedTokens}).
	 */
	@Bean
	@ConditionalOnMissingBean
	ReactiveJwtDecoder kitJwtDecoder(OAuth2ResourceServerProperties properties, SecurityProperties security)
			throws Exception {
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		String issuer = jwt.getIssuerUri();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(StringUtils.hasText(issuer) ? JwtValidators.createDefaultWithIssuer(issuer)
				: JwtValidators.createDefault());
		validators.add(new JwtClaimValidator<List<String>>("aud",
				(aud) -> aud != null && aud.stream().anyMatch(security.audiences()::contains)));
		OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
		NimbusReactiveJwtDecoder decoder;
		// The issuer is a dependency like any other: no call to it waits without a bound.
		WebClient issuerClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) security.issuerTimeout().toMillis())
				.responseTimeout(security.issuerTimeout())))
			.build();
		if (jwt.getPublicKeyLocation() != null) {
			decoder = NimbusReactiveJwtDecoder.withPublicKey(publicKey(jwt.getPublicKeyLocation())).build();
		}
		else if (StringUtils.hasText(jwt.getJwkSetUri())) {
			decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwt.getJwkSetUri()).webClient(issuerClient).build();
		}
		else if (StringUtils.hasText(issuer)) {
			decoder = NimbusReactiveJwtDecoder.withIssuerLocation(issuer).webClient(issuerClient).build();
		}
		else {
			throw new IllegalStateException("Configure spring.security.oauth2.resourceserver.jwt.issuer-uri, "
					+ "jwk-set-uri or public-key-location");
		}
		decoder.setJwtValidator(validator);
		return new VerifiedTokens(new UnreachableIssuerAware(decoder), VERIFIED_TOKENS, VERIFIED_TOKEN_MAX_AGE,
				Clock.systemUTC());
	}

	/**
	 * The issuer's signing keys fetched before the service reports ready (the kit's
	 * warm-up), not by the first request that carries a token.
	 */
	@Bean
	WarmUpStep kitSigningKeysWarmUp(ObjectProvider<ReactiveJwtDecoder> decoder) {
		return WarmUpStep.of("signing-keys", () -> {
			ReactiveJwtDecoder current = decoder.getIfUnique();
			return (current != null) ? SigningKeysWarmUp.run(current) : Mono.empty();
		});
	}

	private static RSAPublicKey publicKey(Resource location) throws Exception {
		try (InputStream in = location.getInputStream()) {
			String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
	}

	/** Turns "the keys could not be fetched" into an authentication-service failure. */
	static final class UnreachableIssuerAware implements ReactiveJwtDecoder {

		private final ReactiveJwtDecoder delegate;

		UnreachableIssuerAware(ReactiveJwtDecoder delegate) {
			this.delegate = delegate;
		}

		@Override
		public Mono<Jwt> decode(String token) throws JwtException {
			return this.delegate.decode(token)
				.onErrorMap((ex) -> !(ex instanceof JwtException) && !(ex instanceof AuthenticationServiceException),
						(ex) -> new AuthenticationServiceException("The token issuer cannot be reached", ex));
		}

	}

}
