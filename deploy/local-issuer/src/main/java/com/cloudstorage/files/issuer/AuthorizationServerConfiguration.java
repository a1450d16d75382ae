package com.cloudstorage.files.issuer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Wires the local OAuth2 issuer: fixed clients and users, a pinned issuer, and scopes in
 * every token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IssuerProperties.class)
class AuthorizationServerConfiguration {

	static final List<String> ALL_SCOPES = List.of("files:read", "files:write", "files:delete", "files:share",
			"files:admin", "documents:write");

	static final List<String> READ_WRITE_SCOPES = List.of("files:read", "files:write");

	/** A service identity's one scope; never granted to a user. */
	static final List<String> INTERNAL_SCOPES = List.of("files:internal");

	/**
	 * Users' tokens are for the public API (the gateway, and metadata-service behind it).
	 */
	static final String USER_AUDIENCE = "files-api";

	/** The gateway's identity calls the internal routes of these services. */
	static final List<String> GATEWAY_AUDIENCES = List.of("metadata-service", "storage-service", "share-link-service");

	/**
	 * An operator's tokens (files:admin) also reach storage-service's admin endpoints.
	 */
	static final String OPERATOR_AUDIENCE = "storage-service";

	/**
	 * Scopes of each principal: the clients of the client_credentials grant and the
	 * form-login users.
	 */
	static final Map<String, List<String>> SCOPES_BY_PRINCIPAL = Map.of("alice", ALL_SCOPES, "bob", READ_WRITE_SCOPES);

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http) throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		http.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer, Customizer.withDefaults())
			// The web UI (a public client with PKCE) exchanges its code from the browser.
			.cors(Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.csrf((csrf) -> csrf.ignoringRequestMatchers(authorizationServer.getEndpointsMatcher()))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain defaultSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/actuator/health/**", "/actuator/health", "/error")
					.permitAll()
					.anyRequest()
					.authenticated())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	org.springframework.web.cors.CorsConfigurationSource corsConfigurationSource(IssuerProperties properties) {
		org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
		cors.setAllowedOrigins(properties.allowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST"));
		cors.setAllowedHeaders(List.of("Content-Type", "Authorization"));
		org.springframework.web.cors.UrlBasedCorsConfigurationSource source = new org.springframework.web.cors.UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/oauth2/**", cors);
		source.registerCorsConfiguration("/.well-known/**", cors);
		return source;
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(IssuerProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.url().toString()).build();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(IssuerProperties properties) {
		TokenSettings tokens = TokenSettings.builder().accessTokenTimeToLive(properties.tokenTtl()).build();
		return new InMemoryRegisteredClientRepository(confidentialClient("alice", "alice-secret", ALL_SCOPES, tokens),
				confidentialClient("bob", "bob-secret", READ_WRITE_SCOPES, tokens),
				confidentialClient(properties.gatewayClientId(), properties.gatewayClientSecret(), INTERNAL_SCOPES,
						tokens),
				RegisteredClient.withId(UUID.randomUUID().toString())
					.clientId("web-ui")
					.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
					.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
					.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
					.redirectUri(properties.webUiRedirectUri().toString())
					.scopes((scopes) -> scopes.addAll(ALL_SCOPES))
					.clientSettings(
							ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
					.tokenSettings(tokens)
					.build());
	}

	private static RegisteredClient confidentialClient(String id, String secret, List<String> scopes,
			TokenSettings tokens) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(id)
			.clientSecret("{noop}" + secret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes((s) -> s.addAll(scopes))
			.tokenSettings(tokens)
			.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice-password").build(),
				User.withUsername("bob").password("{noop}bob-password").build());
	}

	/**
	 * Without this a client_credentials request that names no scope gets a token without
	 * scopes (our curl walkthrough sends none); and a logged-in user only gets the scopes
	 * mapped to that user.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> scopeCustomizer() {
		return (context) -> {
			if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				return;
			}
			Set<String> scopes = new LinkedHashSet<>(context.getAuthorizedScopes());
			if (scopes.isEmpty()) {
				scopes.addAll(context.getRegisteredClient().getScopes());
			}
			if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())
					|| AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())) {
				Authentication user = context.getPrincipal();
				scopes.retainAll(SCOPES_BY_PRINCIPAL.getOrDefault(user.getName(), List.of()));
			}
			context.getClaims().claim("scope", scopes);
			context.getClaims().audience(audiences(context.getRegisteredClient().getClientId(), scopes));
		};
	}

	/**
	 * The audiences of a token: a service identity's name the services it calls; a user's
	 * the public API, and storage-service too when the user is an operator.
	 */
	static List<String> audiences(String clientId, Set<String> scopes) {
		if (scopes.contains("files:internal")) {
			return GATEWAY_AUDIENCES;
		}
		return scopes.contains("files:admin") ? List.of(USER_AUDIENCE, OPERATOR_AUDIENCE) : List.of(USER_AUDIENCE);
	}

}
