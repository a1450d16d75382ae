package com.cloudstorage.files.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of issue #10's table: what was measured, its baseline from the same run, the
 * ratio between them (higher is better; NaN where there is no baseline), the target and
 * whether this run reached it. Targets are reported, never asserted.
 */
record Figure(String path, String measured, String baseline, double ratio, String target, boolean met) {

	private static final String CONTEXT = "— (context)";

	Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("path", this.path);
		json.put("measured", this.measured);
		json.put("baseline", this.baseline);
		json.put("ratio", this.ratio);
		json.put("target", this.target);
		json.put("met", this.met);
		return json;
	}

	/**
	 * A row that has no target of its own: what a baseline of the shape reaches, to read
	 * the rows with targets against.
	 */
	static Figure context(String path, String measured, String baseline, double ratio) {
		return new Figure(path, measured, baseline, ratio, CONTEXT, true);
	}

	boolean context() {
		return CONTEXT.equals(this.target);
	}

	/** "met", "not met", or "context" for a row without a target. */
	String verdict() {
		return context() ? "context" : this.met ? "met" : "not met";
	}

	String ratioText() {
		return Double.isNaN(this.ratio) ? "—" : String.format("%.2f", this.ratio);
	}

}
