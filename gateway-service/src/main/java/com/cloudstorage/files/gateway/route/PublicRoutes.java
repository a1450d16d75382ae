package com.cloudstorage.files.gateway.route;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.cloudstorage.files.gateway.error.ProblemException;

/**
 * The public routes the gateway knows, with their methods, so that a wrong method gets
 * {@code 405} here instead of a round trip. Paths not listed are still proxied, so
 * metadata-service can grow without a gateway release.
 */
final class PublicRoutes {

	private static final Map<PathPattern, Set<HttpMethod>> ROUTES = new LinkedHashMap<>();

	/** Every route below a file, known or still to come: its id is a UUID. */
	private static final PathPattern ONE_FILE = PathPatternParser.defaultInstance.parse("/api/v1/files/{id}/**");

	private static final Pattern UUID = Pattern
		.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

	static {
		route("/api/v1/files", HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT);
		route("/api/v1/files/{id}", HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE);
		route("/api/v1/files/{id}/content", HttpMethod.GET, HttpMethod.HEAD);
		route("/api/v1/files/{id}/attachments", HttpMethod.POST);
		route("/api/v1/files/{id}/attachments/{type}/{name}", HttpMethod.DELETE);
		route("/api/v1/documents/{type}/{name}", HttpMethod.PUT);
		route("/api/v1/files/{id}/share-link", HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE);
		route("/api/v1/files/{id}/share-link/reset", HttpMethod.POST);
		route("/api/v1/uploads", HttpMethod.POST);
		route("/api/v1/uploads/{id}", HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE);
		route("/api/v1/uploads/{id}/part-urls", HttpMethod.POST);
		route("/api/v1/uploads/{id}/parts/{number}", HttpMethod.PUT);
		route("/api/v1/uploads/{id}/complete", HttpMethod.POST);
		route("/api/v1/tus/", HttpMethod.OPTIONS, HttpMethod.POST);
		route("/api/v1/tus/{id}", HttpMethod.HEAD, HttpMethod.PATCH, HttpMethod.POST, HttpMethod.DELETE);
	}

	private PublicRoutes() {
	}

	/**
	 * The table above, pattern to methods: what the API document (static/openapi.yaml)
	 * must describe.
	 */
	static Map<String, Set<HttpMethod>> table() {
		Map<String, Set<HttpMethod>> table = new LinkedHashMap<>();
		ROUTES.forEach((pattern, methods) -> table.put(pattern.getPatternString(), methods));
		return table;
	}

	private static void route(String pattern, HttpMethod... methods) {
		ROUTES.put(PathPatternParser.defaultInstance.parse(pattern), Set.of(methods));
	}

	/**
	 * Throws {@link MethodNotAllowedException} when the path is a known route that does
	 * not take this method.
	 */
	static void checkMethod(HttpMethod method, PathContainer path) {
		for (Map.Entry<PathPattern, Set<HttpMethod>> route : ROUTES.entrySet()) {
			if (route.getKey().matches(path) && !route.getValue().contains(method)) {
				throw new MethodNotAllowedException(method, route.getValue());
			}
		}
	}

	/**
	 * Throws {@code 400 InvalidRequest} when the path names a file by something that is
	 * not a UUID: refused here, before any downstream call, so no such input can reach
	 * (and break) a service behind the gateway.
	 */
	static void checkFileId(PathContainer path) {
		PathPattern.PathMatchInfo match = ONE_FILE.matchAndExtract(path);
		if (match != null && !isFileId(match.getUriVariables().get("id"))) {
			throw ProblemException.invalidRequest("The file id must be a UUID.");
		}
	}

	static boolean isFileId(@Nullable String id) {
		return id != null && UUID.matcher(id).matches();
	}

}
