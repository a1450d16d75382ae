package com.cloudstorage.files.gateway.route;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.gateway.route.ApiDocument.Route;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.security.Scopes;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written OpenAPI document on its own: valid OpenAPI 3.1, the error catalogue as
 * the code has it, a scope on every API operation; and the comparison the coverage test
 * relies on, shown to catch a route added on either side.
 */
class ApiDocumentTests {

	private static final Set<String> SCOPES = Set.of(Scopes.FILES_READ, Scopes.FILES_WRITE, Scopes.FILES_DELETE,
			Scopes.FILES_SHARE, Scopes.FILES_ADMIN, Scopes.DOCUMENTS_WRITE);

	/** The one documented route outside the table: ShareLinkController's public page. */
	private static final Map<String, Set<String>> SHARING_LINK_MAPPING = Map.of("/s/{token}", Set.of("GET", "HEAD"));

	@Test
	void theDocumentIsValidOpenApi31WithoutAnyMessage() {
		SwaggerParseResult result = ApiDocument.parse(ApiDocument.text());

		assertThat(result.getMessages()).isEmpty();
		assertThat(result.getOpenAPI()).isNotNull();
		assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
		assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1.");
	}

	@Test
	void theParserReportsABrokenDocument() {
		// The check above can fail: a dangling reference and a missing field are
		// messages.
		String broken = ApiDocument.text()
			.replace("$ref: \"#/components/schemas/FileList\"", "$ref: \"#/components/schemas/NoSuchSchema\"")
			.replace("  title: Cloud Storage public API (gateway, v1)\n", "");

		assertThat(ApiDocument.parse(broken).getMessages())
			.anySatisfy((message) -> assertThat(message).contains("title"));
	}

	@Test
	void theProblemCodesAreTheCatalogue() {
		OpenAPI document = ApiDocument.parse(ApiDocument.text()).getOpenAPI();
		Schema<?> problem = document.getComponents().getSchemas().get("Problem");
		Schema<?> code = (Schema<?>) problem.getProperties().get("code");
		List<String> codes = code.getEnum().stream().map(String::valueOf).toList();

		assertThat(codes)
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(ProblemCode.values()).map(ProblemCode::code).toList());
	}

	@Test
	void everyApiOperationNeedsABearerTokenWithOneKnownScopeAndSharingLinksNone() {
		OpenAPI document = ApiDocument.parse(ApiDocument.text()).getOpenAPI();
		assertThat(document.getComponents().getSecuritySchemes().get("bearerAuth").getScheme()).isEqualTo("bearer");
		document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			List<SecurityRequirement> security = security(document, operation);
			if (path.startsWith("/s/")) {
				assertThat(security).as("%s %s is public", method, path).isEmpty();
			}
			else {
				assertThat(security).as("%s %s", method, path).hasSize(1);
				List<String> scopes = security.get(0).get("bearerAuth");
				assertThat(scopes).as("scope of %s %s", method, path).hasSize(1);
				assertThat(SCOPES).as("scope of %s %s", method, path).contains(scopes.get(0));
			}
		}));
	}

	@Test
	void aRouteTheGatewayServesButTheDocumentLacksIsNamed() {
		Map<String, Set<HttpMethod>> table = new LinkedHashMap<>(PublicRoutes.table());
		table.put("/api/v1/uploads/{id}/parts", Set.of(HttpMethod.PUT));
		Set<Route> documented = documented();

		List<String> differences = ApiDocument.differences(ApiDocument.served(table, SHARING_LINK_MAPPING, List.of()),
				documented);

		assertThat(differences).containsExactly(
				"PUT /api/v1/uploads/{id}/parts is served by the gateway but not described in api/openapi.yaml");
	}

	@Test
	void aMethodAddedToAKnownRouteIsNamed() {
		Map<String, Set<HttpMethod>> table = new LinkedHashMap<>(PublicRoutes.table());
		table.put("/api/v1/files/{id}/attachments", Set.of(HttpMethod.POST, HttpMethod.GET));

		assertThat(ApiDocument.differences(ApiDocument.served(table, SHARING_LINK_MAPPING, List.of()), documented()))
			.containsExactly("GET /api/v1/files/{id}/attachments is served by the gateway but not described in "
					+ "api/openapi.yaml");
	}

	@Test
	void aControllerMappingOutsideTheTableIsNamedUnlessExcludedAndAMethodTheTableRefusesIsNoRoute() {
		Map<String, Set<String>> mappings = new LinkedHashMap<>();
		mappings.put("/s/{token}", Set.of("GET", "HEAD"));
		mappings.put("/api/v1/files/{id}/share-link/reset", Set.of("GET", "POST", "DELETE"));
		mappings.put("/internal/v1/debug", Set.of("GET"));
		mappings.put("/ui/config.json", Set.of("GET"));

		List<String> differences = ApiDocument
			.differences(ApiDocument.served(PublicRoutes.table(), mappings, List.of("/ui/config.json")), documented());

		assertThat(differences).containsExactly(
				"GET /internal/v1/debug is served by the gateway but not described in api/openapi.yaml",
				"HEAD /internal/v1/debug is served by the gateway but not described in api/openapi.yaml");
	}

	@Test
	void aDocumentedRouteTheGatewayDoesNotServeIsNamed() {
		Map<String, Set<HttpMethod>> table = new LinkedHashMap<>(PublicRoutes.table());
		table.remove("/api/v1/documents/{type}/{name}");
		assertThat(ApiDocument.differences(ApiDocument.served(table, SHARING_LINK_MAPPING, List.of()), documented()))
			.containsExactly("PUT /api/v1/documents/{type}/{name} is described in api/openapi.yaml but the "
					+ "gateway serves no such route");
	}

	private static Set<Route> documented() {
		return ApiDocument.operations(ApiDocument.parse(ApiDocument.text()).getOpenAPI());
	}

	private static List<SecurityRequirement> security(OpenAPI document, Operation operation) {
		return (operation.getSecurity() != null) ? operation.getSecurity() : document.getSecurity();
	}

}
