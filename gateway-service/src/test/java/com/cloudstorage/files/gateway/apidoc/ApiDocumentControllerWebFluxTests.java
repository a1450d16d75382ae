package com.cloudstorage.files.gateway.apidoc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API document's endpoint alone: the packaged document, byte for byte, as YAML that
 * is revalidated on every load, open to anyone and read-only.
 * {@code ApiDocumentServedIntegrationTests} serves it from the whole gateway and checks
 * that it describes the routes.
 */
@WebFluxTest(controllers = ApiDocumentController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.gateway\\.(security\\.SecurityConfiguration|error\\.GatewayProblems)"))
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
class ApiDocumentControllerWebFluxTests {

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		com.cloudstorage.files.gateway.TestTokens.register(registry);
	}

	private WebTestClient client;

	@Autowired
	void client(WebTestClient client) {
		// A loaded build machine can be slow.
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Test
	void theDocumentIsServedWithoutATokenAsYamlRevalidatedOnEveryLoad() throws IOException {
		String served = this.client.get()
			.uri("/openapi.yaml")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("application/yaml"))
			.expectHeader()
			.cacheControl(CacheControl.noCache())
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(served).isEqualTo(packagedDocument()).startsWith("openapi: 3.1");
	}

	@Test
	void aSignedInCallerGetsTheSameDocument() throws IOException {
		this.client.get()
			.uri("/openapi.yaml")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("alice", "files:read"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo(packagedDocument());
	}

	@Test
	void headAnswersTheHeadersWithoutTheDocument() {
		this.client.head()
			.uri("/openapi.yaml")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("application/yaml"))
			.expectBody()
			.isEmpty();
	}

	@Test
	void theDocumentIsReadOnly() {
		expectProblem(this.client.post().uri("/openapi.yaml").exchange(), 405, "MethodNotAllowed");
		expectProblem(this.client.put().uri("/openapi.yaml").bodyValue("openapi: 3.1.0").exchange(), 405,
				"MethodNotAllowed");
	}

	private static String packagedDocument() throws IOException {
		try (InputStream in = ApiDocumentControllerWebFluxTests.class.getClassLoader()
			.getResourceAsStream("api/openapi.yaml")) {
			assertThat(in).as("api/openapi.yaml on the classpath").isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
