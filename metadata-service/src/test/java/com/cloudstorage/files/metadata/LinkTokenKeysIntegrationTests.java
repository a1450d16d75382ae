package com.cloudstorage.files.metadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The link-token keys on the real service and database: no key, no start (except in the
 * local profile); a rotated key keeps existing links and seals new ones; a ciphertext
 * copied onto another link never shows that link the other's token.
 */
class LinkTokenKeysIntegrationTests extends IntegrationTestSupport {

	/** base64 of 32 bytes; a test key, not a secret. */
	private static final String SECOND_KEY = "c2Vjb25kLXRlc3QtbGluay10b2tlbi1rZXktMzJieXQ=";

	@Autowired
	DatabaseClient db;

	@Test
	void withoutAKeyOutsideTheLocalProfileTheServiceRefusesToStart() {
		assertThatThrownBy(() -> start("production").close()).satisfies((ex) -> {
			List<String> messages = new ArrayList<>();
			for (Throwable t = ex; t != null; t = t.getCause()) {
				messages.add(String.valueOf(t.getMessage()));
			}
			assertThat(String.join("\n", messages)).contains("No link-token encryption key is configured")
				.contains("files.metadata.links.token-keys");
		});
	}

	@Test
	void theLocalProfileHasADevelopmentKey() {
		try (ConfigurableApplicationContext local = start("local")) {
			WebTestClient client = clientOf(local);
			String owner = unique("local");
			UUID file = upload(owner, "local.pdf", true, null);
			String url = link(client, "POST", "/api/v1/files/{id}/share-link", owner, file);
			assertThat(ciphertextOf(file)).startsWith("local-dev.");
			assertThat(link(client, "GET", "/api/v1/files/{id}/share-link", owner, file)).isEqualTo(url);
		}
	}

	@Test
	void afterRotationOldLinksKeepTheirTokenAndNewLinksUseTheNewKey() {
		String alice = unique("alice");
		UUID file = upload(alice, "old.pdf", true, null);
		String oldUrl = link(this.http, "POST", "/api/v1/files/{id}/share-link", alice, file);
		assertThat(ciphertextOf(file)).startsWith("test-1.");

		try (ConfigurableApplicationContext rotated = start("production",
				"--files.metadata.links.token-keys.test-1=" + TEST_LINK_KEY,
				"--files.metadata.links.token-keys.test-2=" + SECOND_KEY,
				"--files.metadata.links.active-token-key=test-2")) {
			WebTestClient client = clientOf(rotated);
			assertThat(link(client, "GET", "/api/v1/files/{id}/share-link", alice, file)).isEqualTo(oldUrl);

			UUID other = upload(alice, "new.pdf", true, null);
			String newUrl = link(client, "POST", "/api/v1/files/{id}/share-link", alice, other);
			assertThat(ciphertextOf(other)).startsWith("test-2.");
			assertThat(link(client, "GET", "/api/v1/files/{id}/share-link", alice, other)).isEqualTo(newUrl);
		}
	}

	@Test
	void aCiphertextCopiedOntoAnotherLinkDoesNotOpen() {
		String alice = unique("alice");
		UUID first = upload(alice, "first.pdf", true, null);
		UUID second = upload(alice, "second.pdf", true, null);
		String firstUrl = link(this.http, "POST", "/api/v1/files/{id}/share-link", alice, first);
		link(this.http, "POST", "/api/v1/files/{id}/share-link", alice, second);

		this.db.sql("UPDATE share_links SET token_ciphertext = :c WHERE file_id = :id AND state = 'ACTIVE'")
			.bind("c", ciphertextOf(first))
			.bind("id", second)
			.then()
			.block(Duration.ofSeconds(10));

		WebTestClient.ResponseSpec moved = this.http.get()
			.uri("/api/v1/files/{id}/share-link", second)
			.header("Authorization", bearer(alice, SHARER))
			.exchange();
		String body = moved.expectStatus()
			.value((status) -> assertThat(status).as("a tampered row is not served").isGreaterThanOrEqualTo(500))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(String.valueOf(body)).doesNotContain(firstUrl.substring(firstUrl.lastIndexOf('/') + 1));
	}

	private ConfigurableApplicationContext start(String profile, String... more) {
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--spring.r2dbc.url=" + TestInfrastructure.postgres().r2dbcUrl("metadata"),
						"--spring.flyway.url=" + TestInfrastructure.postgres().jdbcUrl("metadata"),
						"--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers(),
						"--spring.kafka.listener.auto-startup=false", "--files.metadata.outbox.relay-enabled=false",
						"--spring.security.oauth2.resourceserver.jwt.public-key-location="
								+ TestTokens.publicKeyLocation(),
						"--spring.security.oauth2.resourceserver.jwt.issuer-uri="));
		if (!profile.equals("local")) {
			// The local profile has its own; elsewhere none is built in.
			args.add("--files.metadata.storage-grants.keys.test-grants=" + TEST_STORAGE_GRANT_KEY);
		}
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(MetadataServiceApplication.class).profiles(profile)
			.run(args.toArray(String[]::new));
	}

	private static WebTestClient clientOf(ConfigurableApplicationContext context) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"))
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	private String ciphertextOf(UUID file) {
		return this.db.sql("SELECT token_ciphertext FROM share_links WHERE file_id = :id AND state = 'ACTIVE'")
			.bind("id", file)
			.map((row) -> row.get(0, String.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private static String link(WebTestClient client, String method, String path, String owner, UUID file) {
		return (String) shareLinkCall(client, method, path, owner, file).get("url");
	}

}
