package com.cloudstorage.files.gateway.route;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.gateway.TestTokens;
import com.cloudstorage.files.testsupport.ReadmeRoutes;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import static com.cloudstorage.files.testsupport.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole gateway (no service behind it is called): the API document and its UI are
 * served to anyone, the API still needs a token, and the document describes exactly the
 * routes the gateway serves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentServedIntegrationTests {

	/**
	 * Mappings that are not API routes: the proxy's catch-all (its routes are
	 * {@link PublicRoutes}' table), the web UI's pages and settings, and springdoc's page
	 * and settings for the document's UI.
	 */
	static final List<String> NOT_API = List.of("/api/v1/**", "/", "/login/callback", "/ui/config.json",
			"/openapi.yaml", "/swagger-ui.html", "/v3/api-docs/swagger-config");

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	WebTestClient client;

	@BeforeEach
	void setUp() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void theDocumentIsServedWithoutAToken() {
		this.client.get()
			.uri("/openapi.yaml")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("application/yaml"))
			.expectHeader()
			.cacheControl(CacheControl.noCache())
			.expectBody(String.class)
			.isEqualTo(ApiDocument.text());
	}

	@Test
	void theBrowsableUiIsServedWithoutATokenAndPointsAtTheDocument() {
		this.client.get()
			.uri("/swagger-ui.html")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.value(HttpHeaders.LOCATION, (location) -> assertThat(location).endsWith("/swagger-ui/index.html"));
		this.client.get()
			.uri("/swagger-ui/index.html")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			// The default security headers are still there; none of them keeps the page
			// from working.
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("swagger-initializer.js"));
		this.client.get()
			.uri("/swagger-ui/swagger-initializer.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("text/javascript"));
		this.client.get()
			.uri("/v3/api-docs/swagger-config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.url")
			.isEqualTo("/openapi.yaml");
	}

	@Test
	void noSecondGeneratedDocumentIsPublished() {
		this.client.get().uri("/v3/api-docs").exchange().expectStatus().isNotFound();
		this.client.get().uri("/v3/api-docs.yaml").exchange().expectStatus().isNotFound();
	}

	@Test
	void theApiStillNeedsAToken() {
		expectProblem(this.client.get().uri("/api/v1/files").exchange(), 401, "Unauthorized");
		expectProblem(this.client.get().uri("/api/v1/files/6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/content").exchange(),
				401, "Unauthorized");
	}

	@Test
	void theDocumentDescribesExactlyTheRoutesTheGatewayServes() {
		Map<String, Set<String>> mappings = mappings();
		assertThat(mappings).as("the controllers' mappings").containsKeys(NOT_API.toArray(String[]::new));

		Set<ApiDocument.Route> served = ApiDocument.served(PublicRoutes.table(), mappings, NOT_API);
		Set<ApiDocument.Route> documented = ApiDocument.operations(ApiDocument.parse(ApiDocument.text()).getOpenAPI());

		assertThat(ApiDocument.differences(served, documented)).as("routes the document and the gateway disagree on")
			.isEmpty();
	}

	@Test
	void theReadmeNamesEveryRouteTheGatewayServes() throws Exception {
		Map<String, Set<String>> routes = new LinkedHashMap<>();
		PublicRoutes.table()
			.forEach((path, methods) -> methods
				.forEach((method) -> routes.computeIfAbsent(path, (key) -> new LinkedHashSet<>()).add(method.name())));
		ReadmeRoutes.mapped(this.context)
			.forEach((path, methods) -> routes.computeIfAbsent(path, (key) -> new LinkedHashSet<>()).addAll(methods));
		assertThat(ReadmeRoutes.missingFrom(Path.of("README.md"), routes))
			.as("routes the gateway serves but its README does not name")
			.isEmpty();
	}

	private Map<String, Set<String>> mappings() {
		RequestMappingHandlerMapping handlers = this.context.getBean("requestMappingHandlerMapping",
				RequestMappingHandlerMapping.class);
		Map<String, Set<String>> mappings = new LinkedHashMap<>();
		for (RequestMappingInfo info : handlers.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
				Set<String> names = mappings.computeIfAbsent(pattern.getPatternString(),
						(key) -> new LinkedHashSet<>());
				if (methods.isEmpty()) {
					names.add("ANY");
				}
				methods.forEach((method) -> names.add(method.name()));
			}
		}
		return mappings;
	}

}
