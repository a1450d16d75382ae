package com.cloudstorage.files.storage.object;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP byte range: {@code first-last}, {@code first-} or the suffix {@code -length}.
 *
 * @param first the first byte, or {@code null} for a suffix range
 * @param last the last byte (inclusive), or for a suffix range the suffix length;
 * {@code null} for "to the end"
 */
public record ByteRange(@Nullable Long first, @Nullable Long last) {

	private static final Pattern SINGLE = Pattern.compile("^\\s*bytes\\s*=\\s*(\\d{0,18})\\s*-\\s*(\\d{0,18})\\s*$");

	/**
	 * Parses a {@code Range} header. Multiple ranges, other units and malformed values
	 * give {@code null}: RFC 9110 lets a server ignore a Range it does not support and
	 * answer 200 with the whole object.
	 * @throws IllegalArgumentException never; a syntactically valid but impossible range
	 * (last before first) also yields {@code null}
	 */
	public static @Nullable ByteRange parse(@Nullable String header) {
		if (header == null) {
			return null;
		}
		Matcher matcher = SINGLE.matcher(header);
		if (!matcher.matches()) {
			return null;
		}
		String first = matcher.group(1);
		String last = matcher.group(2);
		if (first.isEmpty() && last.isEmpty()) {
			return null;
		}
		if (first.isEmpty()) {
			long suffix = Long.parseLong(last);
			return (suffix == 0) ? null : new ByteRange(null, suffix);
		}
		long from = Long.parseLong(first);
		Long to = last.isEmpty() ? null : Long.parseLong(last);
		if (to != null && to < from) {
			return null;
		}
		return new ByteRange(from, to);
	}

	/** The value of an HTTP/S3 {@code Range} header. */
	public String toHeaderValue() {
		return "bytes=" + ((this.first != null) ? this.first : "") + "-" + ((this.last != null) ? this.last : "");
	}

}
