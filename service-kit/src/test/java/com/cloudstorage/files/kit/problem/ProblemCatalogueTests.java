package com.cloudstorage.files.kit.problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue in docs/internal-api.md is the enum, code for code and status for status.
 */
class ProblemCatalogueTests {

	private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\| (\\d{3}) \\|");

	@Test
	void theDocumentedCatalogueMatchesTheCode() throws IOException {
		Map<String, Integer> documented = new LinkedHashMap<>();
		String docs = Files.readString(Path.of("..", "docs", "internal-api.md"));
		String catalogue = docs.substring(docs.indexOf("### Error code catalogue"));
		catalogue = catalogue.substring(0, catalogue.indexOf("\n## "));
		for (String line : catalogue.split("\n")) {
			Matcher row = ROW.matcher(line);
			if (row.find()) {
				documented.put(row.group(1), Integer.valueOf(row.group(2)));
			}
		}
		Map<String, Integer> inCode = Arrays.stream(ProblemCode.values())
			.collect(Collectors.toMap(ProblemCode::code, (code) -> code.status().value(), (a, b) -> a,
					LinkedHashMap::new));
		assertThat(documented).containsExactlyInAnyOrderEntriesOf(inCode);
	}

	@Test
	void typesAreKebabCaseUnderOneBase() {
		assertThat(ProblemCode.FILE_ATTACHED_TO_SUBMITTED_DOCUMENT.type())
			.hasToString("https://errors.cloudstorage.dev/files/file-attached-to-submitted-document");
		assertThat(ProblemCode.NO_SUCH_FILE.type()).hasToString("https://errors.cloudstorage.dev/files/no-such-file");
	}

	@Test
	void frameworkStatusesMapToCodesAndNoServerErrorPassesAsSuch() {
		assertThat(ProblemCode.forStatus(404)).isEqualTo(ProblemCode.NOT_FOUND);
		assertThat(ProblemCode.forStatus(405)).isEqualTo(ProblemCode.METHOD_NOT_ALLOWED);
		assertThat(ProblemCode.forStatus(415)).isEqualTo(ProblemCode.INVALID_REQUEST);
		assertThat(ProblemCode.forStatus(429)).isEqualTo(ProblemCode.TOO_MANY_REQUESTS);
		assertThat(ProblemCode.forStatus(500)).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
		assertThat(ProblemCode.forStatus(502).status().value()).isEqualTo(503);
	}

}
