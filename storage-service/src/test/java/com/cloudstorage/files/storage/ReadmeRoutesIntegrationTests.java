package com.cloudstorage.files.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route the running service maps appears in its README: some table row names the
 * path (path variables' names aside) and the method.
 */
class ReadmeRoutesIntegrationTests extends IntegrationTestSupport {

	@Autowired
	ApplicationContext context;

	@Test
	void theReadmeNamesEveryMappedRoute() throws IOException {
		List<String> rows = Files.readAllLines(Path.of("README.md"))
			.stream()
			.filter((line) -> line.startsWith("|"))
			.map(ReadmeRoutesIntegrationTests::anonymousVariables)
			.toList();
		List<String> missing = new ArrayList<>();
		RequestMappingHandlerMapping handlers = this.context.getBean("requestMappingHandlerMapping",
				RequestMappingHandlerMapping.class);
		for (RequestMappingInfo info : handlers.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
				// The path, not as part of a longer one.
				Pattern path = Pattern.compile("(?<![\\w/{}])"
						+ Pattern.quote(anonymousVariables(pattern.getPatternString())) + "(?![\\w/{}-])");
				// A mapping for every method needs only its path named.
				List<String> verbs = methods.isEmpty() ? List.of("")
						: methods.stream().map(RequestMethod::name).toList();
				for (String verb : verbs) {
					Pattern named = Pattern.compile(verb.isEmpty() ? "" : "\\b" + verb + "\\b");
					if (rows.stream().noneMatch((row) -> path.matcher(row).find() && named.matcher(row).find())) {
						missing.add((verb + " " + pattern.getPatternString()).trim());
					}
				}
			}
		}
		assertThat(missing).as("routes the service maps but its README does not name").isEmpty();
	}

	private static String anonymousVariables(String text) {
		return text.replaceAll("\\{[^}]*}", "{}");
	}

}
