package com.cloudstorage.files.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric selectors of the Grafana dashboard in {@code deploy/grafana/}: each
 * expression's {@code name{application="<service>", ...}} parts, so that each service's
 * tests can check that the metrics the dashboard asks of it exist.
 */
public final class GrafanaDashboard {

	/** Relative to a service module's directory, where Surefire runs. */
	public static final Path DEFAULT_LOCATION = Path.of("..", "deploy", "grafana", "cloud-storage.json");

	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)\\}");

	private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"bool", "and", "or", "unless", "offset", "inf", "nan");

	private final List<String> expressions;

	private final List<Selector> selectors;

	private GrafanaDashboard(List<String> expressions, List<Selector> selectors) {
		this.expressions = expressions;
		this.selectors = selectors;
	}

	public static GrafanaDashboard load() {
		return load(DEFAULT_LOCATION);
	}

	public static GrafanaDashboard load(Path file) {
		try {
			JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
			List<String> expressions = new ArrayList<>();
			collectExpressions(root, expressions);
			List<Selector> selectors = new ArrayList<>();
			for (String expression : expressions) {
				selectors.addAll(selectors(expression));
			}
			return new GrafanaDashboard(expressions, selectors);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the dashboard " + file.toAbsolutePath(), ex);
		}
	}

	private static void collectExpressions(JsonNode node, List<String> into) {
		if (node.isObject()) {
			JsonNode expr = node.get("expr");
			if (expr != null && expr.isString()) {
				into.add(expr.asString());
			}
			node.values().forEach((child) -> collectExpressions(child, into));
		}
		else if (node.isArray()) {
			node.values().forEach((child) -> collectExpressions(child, into));
		}
	}

	static List<Selector> selectors(String expression) {
		List<Selector> found = new ArrayList<>();
		Matcher selector = SELECTOR.matcher(expression);
		while (selector.find()) {
			Map<String, String> labels = new LinkedHashMap<>();
			Matcher matcher = MATCHER.matcher(selector.group(2));
			while (matcher.find()) {
				labels.put(matcher.group(1), matcher.group(3));
			}
			found.add(new Selector(selector.group(1), labels, expression));
		}
		return found;
	}

	/**
	 * Metric names an expression uses without a {@code {...}} selector: such a name would
	 * escape the per-service check, so the dashboard must have none.
	 */
	static List<String> bareMetricNames(String expression) {
		String rest = SELECTOR.matcher(expression).replaceAll(" ");
		rest = GROUPING.matcher(rest).replaceAll(" ");
		rest = rest.replaceAll("\\[[^]]*\\]", " ").replaceAll("\"[^\"]*\"", " ");
		List<String> bare = new ArrayList<>();
		Matcher identifier = IDENTIFIER.matcher(rest);
		while (identifier.find()) {
			String name = identifier.group();
			boolean function = rest.substring(identifier.end()).stripLeading().startsWith("(");
			boolean partOfNumber = identifier.start() > 0 && Character.isDigit(rest.charAt(identifier.start() - 1));
			if (!function && !partOfNumber && !KEYWORDS.contains(name.toLowerCase())) {
				bare.add(name);
			}
		}
		return bare;
	}

	public List<String> expressions() {
		return this.expressions;
	}

	public List<Selector> selectors() {
		return this.selectors;
	}

	/** The selectors that ask the given service ({@code application="..."}). */
	public List<Selector> selectorsOf(String application) {
		return this.selectors.stream().filter((s) -> application.equals(s.labels().get("application"))).toList();
	}

	/** Metric names the dashboard asks the given service for. */
	public Set<String> metricNamesOf(String application) {
		Set<String> names = new TreeSet<>();
		selectorsOf(application).forEach((selector) -> names.add(selector.metric()));
		return names;
	}

	/** Every bare metric name of every expression (see {@link #bareMetricNames}). */
	public List<String> bareMetricNames() {
		List<String> bare = new ArrayList<>();
		this.expressions.forEach((expression) -> bare.addAll(bareMetricNames(expression)));
		return bare;
	}

	/**
	 * What must hold for the service's metrics: every metric the dashboard asks it for is
	 * in the scrape, with every label the dashboard filters on.
	 * @return the problems found, empty when none
	 */
	public List<String> missingFrom(String application, PrometheusScrape scrape) {
		List<String> problems = new ArrayList<>();
		Set<String> exposed = scrape.names();
		for (Selector selector : selectorsOf(application)) {
			if (!exposed.contains(selector.metric())) {
				problems.add(selector.metric() + " (in " + selector.expression() + ")");
				continue;
			}
			Set<String> labels = scrape.labelNames(selector.metric());
			for (String label : selector.labels().keySet()) {
				if (!labels.contains(label)) {
					problems.add(selector.metric() + " has no label " + label + " (in " + selector.expression() + ")");
				}
			}
		}
		return problems;
	}

	/** One {@code metric{label="value", ...}} of an expression. */
	public record Selector(String metric, Map<String, String> labels, String expression) {
	}

}
