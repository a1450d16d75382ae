package com.cloudstorage.files.gateway.identity;

import java.time.Duration;
import java.time.Instant;

import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.kit.tracing.Traced;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The gateway's own bearer token for internal calls, from the issuer's client-credentials
 * grant: cached, replaced {@code refresh-before-expiry} before it expires, fetched with a
 * bounded wait. An issuer that cannot hand one out makes the call a
 * {@code 503 ServiceUnavailable}, like any other dependency that is down.
 */
public final class ServiceTokens {

	private static final Logger LOG = LoggerFactory.getLogger(ServiceTokens.class);

	private static final String REGISTRATION = "gateway-service";

	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager;

	private final OAuth2AuthorizeRequest request;

	private final Duration timeout;

	private final Duration refreshBeforeExpiry;

	private final Mono<Token> current;

	public ServiceTokens(ServiceIdentityProperties properties) {
		ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION)
			.clientId(properties.clientId())
			.clientSecret(properties.clientSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(properties.tokenUri().toString())
			.scope(properties.scope())
			.build();
		InMemoryReactiveClientRegistrationRepository registrations = new InMemoryReactiveClientRegistrationRepository(
				registration);
		WebClientReactiveClientCredentialsTokenResponseClient tokenClient = new WebClientReactiveClientCredentialsTokenResponseClient();
		tokenClient.setWebClient(WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.timeout().toMillis())
				.responseTimeout(properties.timeout())))
			.build());
		ClientCredentialsReactiveOAuth2AuthorizedClientProvider provider = new ClientCredentialsReactiveOAuth2AuthorizedClientProvider();
		provider.setAccessTokenResponseClient(tokenClient);
		provider.setClockSkew(properties.refreshBeforeExpiry());
		this.manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(registrations,
				new InMemoryReactiveOAuth2AuthorizedClientService(registrations));
		this.manager.setAuthorizedClientProvider(provider);
		this.request = OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION).principal(REGISTRATION).build();
		// Connect and response timeouts bound each phase; this bounds the whole call.
		this.timeout = properties.timeout().multipliedBy(2);
		this.refreshBeforeExpiry = properties.refreshBeforeExpiry();
		this.current = fetch().cache(this::keepFor, (ex) -> Duration.ZERO, () -> Duration.ZERO);
	}

	/**
	 * {@code "Bearer <token>"} of the gateway's identity. Callers at once share one token
	 * call: a burst of first requests (a cold gateway, 64 uploads at once) must not send
	 * a token request each to an issuer that then answers none in time.
	 * @return the header value, or an error that is a {@code 503} problem
	 */
	public Mono<String> bearer() {
		return this.current.map(Token::bearer);
	}

	private Mono<Token> fetch() {
		return this.manager.authorize(this.request)
			.timeout(this.timeout)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("The issuer granted no token")))
			// The class only: an issuer's error text may echo request details. Under the
			// trace of the request that asked first (callers meanwhile share this call).
			.doOnEach(Traced.onError((ex) -> LOG.warn("Could not obtain the gateway's service token: {}",
					ex.getClass().getSimpleName())))
			.onErrorMap((ex) -> ProblemException.serviceUnavailable("The token issuer", RETRY_AFTER))
			.map((client) -> new Token("Bearer " + client.getAccessToken().getTokenValue(),
					client.getAccessToken().getExpiresAt()));
	}

	/**
	 * Kept until {@code refresh-before-expiry} before it expires; a failure is not kept.
	 */
	private Duration keepFor(Token token) {
		if (token.expiresAt() == null) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(Instant.now(), token.expiresAt().minus(this.refreshBeforeExpiry));
		return left.isNegative() ? Duration.ZERO : left;
	}

	private record Token(String bearer, @Nullable Instant expiresAt) {
	}

}
