package com.cloudstorage.files.issuer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "files.issuer.url=http://issuer.test")
class LocalIssuerIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Test
	void aliceGetsAllHerScopesWithoutAskingForAny() throws Exception {
		JsonNode token = token("alice", "alice-secret", "grant_type=client_credentials");
		JsonNode claims = payload(token.get("access_token").asString());

		assertThat(claims.get("sub").asString()).isEqualTo("alice");
		assertThat(claims.get("iss").asString()).isEqualTo("http://issuer.test");
		assertThat(scopes(claims)).containsExactlyInAnyOrder("files:read", "files:write", "files:delete", "files:share",
				"files:admin", "documents:write");
		long ttl = claims.get("exp").asLong() - claims.get("iat").asLong();
		assertThat(ttl).isEqualTo(3600);
		assertThat(claims.get("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
	}

	@Test
	void bobCannotDelete() throws Exception {
		JsonNode claims = payload(
				token("bob", "bob-secret", "grant_type=client_credentials").get("access_token").asString());

		assertThat(claims.get("sub").asString()).isEqualTo("bob");
		assertThat(scopes(claims)).containsExactlyInAnyOrder("files:read", "files:write")
			.doesNotContain("files:delete");
	}

	@Test
	void anExplicitScopeNarrowsTheToken() throws Exception {
		JsonNode claims = payload(
				token("alice", "alice-secret", "grant_type=client_credentials&scope=files:read").get("access_token")
					.asString());

		assertThat(scopes(claims)).containsExactly("files:read");
	}

	@Test
	void usersTokensAreForThePublicApiAndAnOperatorsAlsoForStorage() throws Exception {
		JsonNode bob = payload(
				token("bob", "bob-secret", "grant_type=client_credentials").get("access_token").asString());
		assertThat(audiences(bob)).containsExactly("files-api");
		JsonNode alice = payload(
				token("alice", "alice-secret", "grant_type=client_credentials").get("access_token").asString());
		assertThat(audiences(alice)).containsExactlyInAnyOrder("files-api", "storage-service");
	}

	@Test
	void theGatewayGetsAServiceIdentityForTheServicesBehindIt() throws Exception {
		JsonNode claims = payload(
				token("gateway-service", "gateway-secret", "grant_type=client_credentials").get("access_token")
					.asString());

		assertThat(claims.get("sub").asString()).isEqualTo("gateway-service");
		assertThat(scopes(claims)).containsExactly("files:internal");
		assertThat(audiences(claims)).containsExactlyInAnyOrder("metadata-service", "storage-service",
				"share-link-service");
	}

	@Test
	void noUserCanAskForTheInternalScope() throws Exception {
		HttpResponse<String> response = http.send(
				tokenRequest("alice", "alice-secret", "grant_type=client_credentials&scope=files:internal"),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("invalid_scope");
	}

	@Test
	void wrongSecretIsRefused() throws Exception {
		HttpResponse<String> response = http.send(tokenRequest("alice", "nope", "grant_type=client_credentials"),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void jwksAndHealthAnswerWithoutToken() throws Exception {
		HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(url("/oauth2/jwks")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(jwks.statusCode()).isEqualTo(200);
		JsonNode keys = JSON.readTree(jwks.body()).get("keys");
		assertThat(keys.size()).isGreaterThan(0);
		assertThat(keys.get(0).get("kty").asString()).isEqualTo("RSA");

		HttpResponse<String> health = http.send(HttpRequest.newBuilder(url("/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("UP");

		HttpResponse<String> metadata = http.send(
				HttpRequest.newBuilder(url("/.well-known/oauth-authorization-server")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(JSON.readTree(metadata.body()).get("issuer").asString()).isEqualTo("http://issuer.test");
	}

	private JsonNode token(String client, String secret, String form) throws Exception {
		HttpResponse<String> response = http.send(tokenRequest(client, secret, form),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private HttpRequest tokenRequest(String client, String secret, String form) {
		String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return HttpRequest.newBuilder(url("/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static JsonNode payload(String jwt) {
		String[] parts = jwt.split("\\.");
		assertThat(parts).hasSize(3);
		return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
	}

	private static List<String> audiences(JsonNode claims) {
		List<String> audiences = new ArrayList<>();
		JsonNode aud = claims.get("aud");
		if (aud.isArray()) {
			aud.forEach((a) -> audiences.add(a.asString()));
		}
		else {
			audiences.add(aud.asString());
		}
		return audiences;
	}

	private static List<String> scopes(JsonNode claims) {
		List<String> scopes = new ArrayList<>();
		JsonNode scope = claims.get("scope");
		if (scope.isArray()) {
			scope.forEach((s) -> scopes.add(s.asString()));
		}
		else {
			scopes.addAll(List.of(scope.asString().split(" ")));
		}
		return scopes;
	}

}
