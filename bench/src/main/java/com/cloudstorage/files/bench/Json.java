package com.cloudstorage.files.bench;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The little JSON the benchmark needs: one string field out of an API answer, and its
 * results (maps, lists, strings, numbers, booleans) written out, indented.
 */
final class Json {

	private Json() {
	}

	/** The first string field of that name. */
	static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("No \"" + name + "\" in the answer");
		}
		return matcher.group(1);
	}

	static String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out, "");
		return out.append('\n').toString();
	}

	private static void write(@Nullable Object value, StringBuilder out, String indent) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			writeEntries(map.entrySet().iterator(), out, indent, '{', '}');
		}
		else if (value instanceof List<?> list) {
			writeEntries(list.iterator(), out, indent, '[', ']');
		}
		else if (value instanceof Double number) {
			out.append((number.isNaN() || number.isInfinite()) ? "null"
					: String.valueOf(Math.round(number * 1000) / 1000.0));
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else {
			string(value.toString(), out);
		}
	}

	private static void writeEntries(Iterator<?> entries, StringBuilder out, String indent, char open, char close) {
		if (!entries.hasNext()) {
			out.append(open).append(close);
			return;
		}
		String inner = indent + "  ";
		out.append(open).append('\n');
		while (entries.hasNext()) {
			Object entry = entries.next();
			out.append(inner);
			if (entry instanceof Map.Entry<?, ?> field) {
				string(String.valueOf(field.getKey()), out);
				out.append(": ");
				write(field.getValue(), out, inner);
			}
			else {
				write(entry, out, inner);
			}
			out.append(entries.hasNext() ? ",\n" : "\n");
		}
		out.append(indent).append(close);
	}

	private static void string(String text, StringBuilder out) {
		out.append('"');
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
