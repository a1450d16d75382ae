package com.cloudstorage.files.kit.security;

import org.jspecify.annotations.Nullable;

/**
 * What Spring Security's {@code StrictServerWebExchangeFirewall} allows in header names
 * ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}) and values (the same, plus tab), checked
 * without a regular expression. The firewall checks a header each time it is read; with
 * its patterns, reading the {@code Authorization} header (a JWT of about 1 KB) a few
 * times per request cost about 4 % of the gateway's CPU (#10). Same answers, so the same
 * requests are refused.
 */
final class HeaderCharacters {

	private HeaderCharacters() {
	}

	static boolean allowedName(@Nullable String name) {
		return name == null || assignedAndNotControl(name, false);
	}

	static boolean allowedValue(@Nullable String value) {
		return value == null || assignedAndNotControl(value, true);
	}

	private static boolean assignedAndNotControl(String text, boolean tabAllowed) {
		int length = text.length();
		int i = 0;
		while (i < length) {
			char c = text.charAt(i);
			// Printable ASCII, nearly every header character: assigned, not control.
			if (c >= 0x20 && c < 0x7f) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
