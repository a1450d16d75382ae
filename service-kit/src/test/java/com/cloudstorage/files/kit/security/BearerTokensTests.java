package com.cloudstorage.files.kit.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit's bearer token converter gives the same answer as Spring Security's for every
 * {@code Authorization} header: the same token, nothing, or the same error.
 */
class BearerTokensTests {

	private final BearerTokens tokens = new BearerTokens();

	private final ServerBearerTokenAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();

	@Test
	void usualAndUnusualHeadersGetSpringSecuritysAnswer() {
		List<String> headers = new ArrayList<>(List.of("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln",
				"bearer abc", "BEARER abc==", "Bearer a+b/c~d-e.f_g", "Bearer ", "Bearer", "Bearer  abc", "Bearer abc ",
				"Bearer abc\n", "Bearer ab=c", "Bearer ===", "Bearer abc\u00e9", "Basic YWxpY2U6c2VjcmV0", "Token abc",
				"Bearerabc", ""));
		Random random = new Random(10);
		String alphabet = "aZ09-._~+/= \t\nBb\u00e9";
		for (int i = 0; i < 2000; i++) {
			StringBuilder header = new StringBuilder((i % 2 == 0) ? "Bearer " : "bEaReR ");
			for (int length = random.nextInt(8); length > 0; length--) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			headers.add(header.toString());
		}
		for (String header : headers) {
			assertThat(answer(this.tokens.convert(exchange(header)))).as("[%s]", header)
				.isEqualTo(answer(this.spring.convert(exchange(header))));
		}
	}

	@Test
	void withoutAHeaderThereIsNoToken() {
		ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/files"));
		assertThat(answer(this.tokens.convert(exchange))).isEqualTo("none");
	}

	@Test
	void aWellFormedTokenIsTakenAsItIs() {
		assertThat(answer(this.tokens.convert(exchange("Bearer abc.def-ghi_jkl=="))))
			.isEqualTo("token abc.def-ghi_jkl==");
	}

	private static ServerWebExchange exchange(String authorization) {
		return MockServerWebExchange
			.from(MockServerHttpRequest.get("/api/v1/files").header(HttpHeaders.AUTHORIZATION, authorization));
	}

	private static String answer(Mono<Authentication> converted) {
		try {
			Authentication authentication = converted.block();
			if (authentication == null) {
				return "none";
			}
			return "token " + ((BearerTokenAuthenticationToken) authentication).getToken();
		}
		catch (OAuth2AuthenticationException ex) {
			return "error " + ex.getError().getErrorCode() + " " + ex.getError().getDescription();
		}
	}

}
