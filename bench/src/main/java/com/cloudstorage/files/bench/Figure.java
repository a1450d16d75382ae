package com.cloudstorage.files.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of issue #10's table: what was measured, its baseline from the same run, the
 * ratio between them (higher is better; NaN where there is no baseline), the target and
 * whether this run reached it. Targets are reported, never asserted.
 */
record Figure(String path, String measured, String baseline, double ratio, String target, boolean met) {

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

	String ratioText() {
		return Double.isNaN(this.ratio) ? "—" : String.format("%.2f", this.ratio);
	}

}
