package com.cloudstorage.files.gateway.ui;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.gateway.route.GatewayProperties;
import com.cloudstorage.files.kit.security.ResourceServerAutoConfiguration;
import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;

/**
 * The UI's own entry points alone: its sign-in settings (from configuration, never
 * cached) and the pages that load it, both open without a token.
 */
@WebFluxTest(controllers = UiController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.cloudstorage\\.files\\.gateway\\.(security\\.SecurityConfiguration|error\\.GatewayProblems)"),
		properties = { "files.gateway.ui.issuer-url=https://login.example//", "files.gateway.ui.client-id=files-ui",
				"files.gateway.ui.scopes=files:read files:write" })
@ImportAutoConfiguration(ResourceServerAutoConfiguration.class)
@EnableConfigurationProperties(GatewayProperties.class)
class UiControllerWebFluxTests {

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		com.cloudstorage.files.gateway.TestTokens.register(registry);
	}

	private WebTestClient client;

	@Autowired
	void client(WebTestClient client) {
		// A loaded build machine can be slow; a refusal still has to come.
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Test
	void theSignInSettingsComeFromConfigurationAndAreNeverCached() {
		this.client.get()
			.uri("/ui/config.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody()
			.json("{\"issuer\":\"https://login.example\",\"clientId\":\"files-ui\",\"scopes\":\"files:read files:write\"}",
					JsonCompareMode.STRICT);
	}

	@Test
	void theEntryPagesAreTheUiRevalidatedOnEveryLoad() {
		for (String page : new String[] { "/", "/login/callback" }) {
			this.client.get()
				.uri(page)
				.accept(MediaType.TEXT_HTML)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.TEXT_HTML)
				.expectHeader()
				.cacheControl(CacheControl.noCache())
				.expectBody(String.class)
				.value((html) -> org.assertj.core.api.Assertions.assertThat(html).containsIgnoringCase("<html"));
		}
	}

	@Test
	void theSettingsAreReadOnly() {
		expectProblem(this.client.post().uri("/ui/config.json").exchange(), 405, "MethodNotAllowed");
	}

}
