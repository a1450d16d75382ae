package com.cloudstorage.files.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One scrape of a service's {@code /actuator/prometheus} (text format), read into samples
 * so tests can ask for a series by name and labels.
 */
public final class PrometheusScrape {

	/**
	 * A scrape after a whole test suite's requests (one series per route, status and
	 * latency bucket) is far above WebClient's default 256 KiB.
	 */
	public static final int MAX_BYTES = 16 * 1024 * 1024;

	private final String text;

	private final List<Sample> samples;

	private PrometheusScrape(String text, List<Sample> samples) {
		this.text = text;
		this.samples = samples;
	}

	/** Reads the Prometheus text exposition format; comment lines are skipped. */
	public static PrometheusScrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			samples.add(sample(line.strip()));
		}
		return new PrometheusScrape(text, samples);
	}

	/** The raw text, e.g. to check that no secret appears anywhere in it. */
	public String text() {
		return this.text;
	}

	public List<Sample> samples() {
		return this.samples;
	}

	/** Every sample name (a counter's {@code _total}, a timer's {@code _count} ...). */
	public Set<String> names() {
		Set<String> names = new TreeSet<>();
		this.samples.forEach((sample) -> names.add(sample.name()));
		return names;
	}

	/** Label names seen on samples of this name. */
	public Set<String> labelNames(String name) {
		Set<String> labels = new TreeSet<>();
		this.samples.stream()
			.filter((sample) -> sample.name().equals(name))
			.forEach((s) -> labels.addAll(s.labels().keySet()));
		return labels;
	}

	/**
	 * The sum of the samples of this name whose labels include all of {@code labels}
	 * (name, value, name, value ...); empty when there is none.
	 */
	public OptionalDouble sum(String name, String... labels) {
		Predicate<Sample> matches = (sample) -> {
			for (int i = 0; i + 1 < labels.length; i += 2) {
				if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
					return false;
				}
			}
			return true;
		};
		List<Sample> found = this.samples.stream()
			.filter((sample) -> sample.name().equals(name))
			.filter(matches)
			.toList();
		return found.isEmpty() ? OptionalDouble.empty()
				: OptionalDouble.of(found.stream().mapToDouble(Sample::value).sum());
	}

	/** Like {@link #sum}, 0 when there is no such series yet. */
	public double sumOrZero(String name, String... labels) {
		return sum(name, labels).orElse(0);
	}

	private static Sample sample(String line) {
		int brace = line.indexOf('{');
		int space = line.indexOf(' ');
		Map<String, String> labels = new LinkedHashMap<>();
		String name;
		String rest;
		if (brace >= 0 && (space < 0 || brace < space)) {
			name = line.substring(0, brace);
			int i = brace + 1;
			while (line.charAt(i) != '}') {
				int eq = line.indexOf('=', i);
				String key = line.substring(i, eq).strip();
				StringBuilder value = new StringBuilder();
				int j = eq + 2;
				while (line.charAt(j) != '"') {
					char c = line.charAt(j);
					if (c == '\\') {
						j++;
						char escaped = line.charAt(j);
						value.append((escaped == 'n') ? '\n' : escaped);
					}
					else {
						value.append(c);
					}
					j++;
				}
				labels.put(key, value.toString());
				i = j + 1;
				if (line.charAt(i) == ',') {
					i++;
				}
			}
			rest = line.substring(i + 1).strip();
		}
		else {
			name = line.substring(0, space);
			rest = line.substring(space + 1).strip();
		}
		String value = rest.split("\\s+")[0];
		return new Sample(name, labels, parseValue(value));
	}

	private static double parseValue(String value) {
		return switch (value) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			case "NaN" -> Double.NaN;
			default -> Double.parseDouble(value);
		};
	}

	/** One line of the scrape. */
	public record Sample(String name, Map<String, String> labels, double value) {
	}

}
