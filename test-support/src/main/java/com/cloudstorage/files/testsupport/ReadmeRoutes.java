package com.cloudstorage.files.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Whether a service's README names every route it serves: some table row names the path
 * (path variables' names aside) and the method.
 */
public final class ReadmeRoutes {

	/** The method of a mapping that answers every method: only its path must be named. */
	public static final String ANY = "ANY";

	private ReadmeRoutes() {
	}

	/** Path pattern → methods of every annotated handler the running service maps. */
	public static Map<String, Set<String>> mapped(ApplicationContext context) {
		RequestMappingHandlerMapping handlers = context.getBean("requestMappingHandlerMapping",
				RequestMappingHandlerMapping.class);
		Map<String, Set<String>> routes = new LinkedHashMap<>();
		for (RequestMappingInfo info : handlers.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
				Set<String> names = routes.computeIfAbsent(pattern.getPatternString(), (key) -> new LinkedHashSet<>());
				if (methods.isEmpty()) {
					names.add(ANY);
				}
				methods.forEach((method) -> names.add(method.name()));
			}
		}
		return routes;
	}

	/** "METHOD path" of every route no table row of the README names. */
	public static List<String> missingFrom(Path readme, Map<String, Set<String>> routes) throws IOException {
		List<String> rows = Files.readAllLines(readme)
			.stream()
			.filter((line) -> line.startsWith("|"))
			.map(ReadmeRoutes::anonymousVariables)
			.toList();
		List<String> missing = new ArrayList<>();
		routes.forEach((route, methods) -> {
			// The path, not as part of a longer one.
			Pattern path = Pattern
				.compile("(?<![\\w/{}])" + Pattern.quote(anonymousVariables(route)) + "(?![\\w/{}-])");
			for (String method : methods) {
				Pattern named = Pattern.compile(method.equals(ANY) ? "" : "\\b" + method + "\\b");
				if (rows.stream().noneMatch((row) -> path.matcher(row).find() && named.matcher(row).find())) {
					missing.add(method + " " + route);
				}
			}
		});
		return missing;
	}

	private static String anonymousVariables(String text) {
		return text.replaceAll("\\{[^}]*}", "{}");
	}

}
