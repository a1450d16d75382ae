package com.cloudstorage.files.gateway.route;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.springframework.http.HttpMethod;

/**
 * The hand-written API document ({@code api/openapi.yaml}) and the comparison of what it
 * describes with what the gateway serves.
 */
final class ApiDocument {

	static final String LOCATION = "api/openapi.yaml";

	private ApiDocument() {
	}

	static String text() {
		try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(LOCATION)) {
			if (in == null) {
				throw new IllegalStateException("No " + LOCATION + " on the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The document parsed, with every {@code $ref} resolved (a dangling one is a
	 * message).
	 */
	static SwaggerParseResult parse(String text) {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		return new OpenAPIV3Parser().readContents(text, null, options);
	}

	/** Method and path of every operation the document describes. */
	static Set<Route> operations(OpenAPI document) {
		Set<Route> operations = new LinkedHashSet<>();
		document.getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.keySet()
				.forEach((method) -> operations.add(new Route(method.name(), path))));
		return operations;
	}

	/**
	 * What the gateway serves: its known public routes (the table {@link PublicRoutes}
	 * checks methods against) plus its controllers' own mappings. A GET mapping also
	 * answers HEAD (WebFlux does so). A mapping on a path the table knows, with a method
	 * the table refuses, is not a route (the client gets 405). Paths in {@code excluded}
	 * are pages that are not part of the API.
	 */
	static Set<Route> served(Map<String, Set<HttpMethod>> table, Map<String, Set<String>> mappings,
			Collection<String> excluded) {
		Map<String, Set<HttpMethod>> known = new TreeMap<>();
		table.forEach((path, methods) -> known.put(Route.normalized(path), methods));
		Set<Route> served = new LinkedHashSet<>();
		table.forEach((path, methods) -> methods.forEach((method) -> served.add(new Route(method.name(), path))));
		mappings.forEach((path, methods) -> {
			if (excluded.contains(path)) {
				return;
			}
			Set<String> answered = new LinkedHashSet<>(methods);
			if (answered.contains("GET")) {
				answered.add("HEAD");
			}
			Set<HttpMethod> allowed = known.get(Route.normalized(path));
			for (String method : answered) {
				if (allowed == null || allowed.contains(HttpMethod.valueOf(method))) {
					served.add(new Route(method, path));
				}
			}
		});
		return served;
	}

	/**
	 * One line per difference, naming the method and path; empty when the document and
	 * the gateway agree.
	 */
	static List<String> differences(Set<Route> served, Set<Route> documented) {
		Set<String> documentedKeys = new HashSet<>();
		documented.forEach((route) -> documentedKeys.add(route.key()));
		Set<String> servedKeys = new HashSet<>();
		served.forEach((route) -> servedKeys.add(route.key()));
		List<String> differences = new ArrayList<>();
		for (Route route : served) {
			if (!documentedKeys.contains(route.key())) {
				differences.add(route + " is served by the gateway but not described in " + LOCATION);
			}
		}
		for (Route route : documented) {
			if (!servedKeys.contains(route.key())) {
				differences.add(route + " is described in " + LOCATION + " but the gateway serves no such route");
			}
		}
		return differences;
	}

	/**
	 * A method and a path pattern; {@code ANY} for a mapping that takes every method.
	 * Compared with the names of path variables ignored.
	 */
	record Route(String method, String path) {

		static String normalized(String path) {
			return path.replaceAll("\\{[^}]*}", "{}");
		}

		String key() {
			return this.method + " " + normalized(this.path);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

}
