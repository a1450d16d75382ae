package com.cloudstorage.files.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured: raw rounds per benchmark, and the figures for the table.
 */
final class Results {

	private final Map<String, Object> sections = new LinkedHashMap<>();

	private final List<Figure> figures = new ArrayList<>();

	void section(String name, Object raw) {
		this.sections.put(name, raw);
	}

	Object section(String name) {
		return this.sections.get(name);
	}

	boolean has(String name) {
		return this.sections.containsKey(name);
	}

	void figure(Figure figure) {
		this.figures.add(figure);
		System.out.printf("%n>> %s%n   measured: %s%n   baseline: %s%n   ratio %s, target %s: %s%n%n", figure.path(),
				figure.measured(), figure.baseline(), figure.ratioText(), figure.target(), figure.verdict());
	}

	List<Figure> figures() {
		return List.copyOf(this.figures);
	}

	Map<String, Object> sections() {
		return this.sections;
	}

}
