package com.cloudstorage.files.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's expressions can be checked service by service: every metric is asked of
 * exactly one service by name, so each service's MetricsIntegrationTests sees all the
 * names it must expose. Also the parsing those checks rely on.
 */
class GrafanaDashboardTests {

	private static final Set<String> SERVICES = Set.of("gateway-service", "metadata-service", "storage-service",
			"share-link-service");

	private final GrafanaDashboard dashboard = GrafanaDashboard.load();

	@Test
	void everyMetricOfTheDashboardIsAskedOfOneNamedService() {
		assertThat(this.dashboard.expressions()).hasSizeGreaterThan(10);
		assertThat(this.dashboard.bareMetricNames()).as("metric names without an application selector").isEmpty();
		assertThat(this.dashboard.selectors())
			.allSatisfy((selector) -> assertThat(selector.labels()).as(selector.expression())
				.containsKey("application")
				.extractingByKey("application")
				.isIn(SERVICES));
		SERVICES.forEach((service) -> assertThat(this.dashboard.metricNamesOf(service)).as(service).isNotEmpty());
	}

	@Test
	void selectorsAreReadWithTheirLabelMatchers() {
		List<GrafanaDashboard.Selector> selectors = GrafanaDashboard.selectors(
				"sum(rate(a_total{application=\"x\", status=~\"5..\"}[5m])) / sum(rate(b_seconds_count{application=\"y\"}[5m]))");

		assertThat(selectors).extracting(GrafanaDashboard.Selector::metric)
			.containsExactly("a_total", "b_seconds_count");
		assertThat(selectors.get(0).labels()).containsEntry("application", "x").containsEntry("status", "5..");
	}

	@Test
	void aMetricWithoutASelectorIsFoundWhateverSurroundsIt() {
		assertThat(GrafanaDashboard.bareMetricNames(
				"histogram_quantile(0.95, sum by (le) (rate(x_bucket{application=\"a\"}[5m]))) + on(job) group_left y_total offset 5m"))
			.containsExactly("y_total");
		assertThat(GrafanaDashboard.bareMetricNames("sum(rate(z_total[1h])) * 1e3 > bool 0"))
			.containsExactly("z_total");
		assertThat(GrafanaDashboard.bareMetricNames("max(q{application=\"a\"}) > 2")).isEmpty();
	}

	@Test
	void aScrapeIsReadIntoNamedLabelledSamples() {
		PrometheusScrape scrape = PrometheusScrape.parse("""
				# HELP t_seconds A timer
				# TYPE t_seconds histogram
				t_seconds_bucket{application="s",le="+Inf",outcome="success",} 3.0
				t_seconds_count{application="s",outcome="success",} 3.0
				t_seconds_count{application="s",outcome="failure",} 1.0
				g{application="s",path="a\\"b,c}"} 2.5
				plain 7
				""");

		assertThat(scrape.names()).containsExactlyInAnyOrder("t_seconds_bucket", "t_seconds_count", "g", "plain");
		assertThat(scrape.sum("t_seconds_count")).hasValue(4.0);
		assertThat(scrape.sum("t_seconds_count", "outcome", "failure")).hasValue(1.0);
		assertThat(scrape.sum("t_seconds_count", "outcome", "cancelled")).isEmpty();
		assertThat(scrape.labelNames("g")).containsExactlyInAnyOrder("application", "path");
		assertThat(scrape.samples()).filteredOn((s) -> s.name().equals("g"))
			.singleElement()
			.satisfies((s) -> assertThat(s.labels()).containsEntry("path", "a\"b,c}"));
		assertThat(scrape.sum("plain")).hasValue(7.0);
	}

	@Test
	void aMetricTheScrapeLacksOrALabelItLacksIsReported(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("dashboard.json");
		Files.writeString(file, """
				{"panels": [{"targets": [
				  {"expr": "sum(rate(a_total{application=\\"s\\", outcome=\\"ok\\"}[5m]))"},
				  {"expr": "max(b{application=\\"s\\", provider=\\"p\\"})"},
				  {"expr": "max(c{application=\\"s\\"})"},
				  {"expr": "max(d{application=\\"other\\"})"}]}]}
				""");
		PrometheusScrape scrape = PrometheusScrape
			.parse("a_total{application=\"s\",outcome=\"ok\",} 1.0\nb{application=\"s\"} 2\n");

		List<String> problems = GrafanaDashboard.load(file).missingFrom("s", scrape);

		assertThat(problems).hasSize(2);
		assertThat(problems.get(0)).startsWith("b has no label provider");
		assertThat(problems.get(1)).startsWith("c (in ");
	}

}
