package com.cloudstorage.files.kit.security;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall's header checks without regular expressions answer exactly as Spring
 * Security's patterns do: for every code point alone, for unpaired surrogates, inside
 * longer values, and for an absent header.
 */
class HeaderCharactersTests {

	/** StrictServerWebExchangeFirewall's patterns (Spring Security 7.0). */
	private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void everyCodePointIsJudgedAsSpringSecurityJudgesIt() {
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String alone = new String(Character.toChars(codePoint));
			String inside = "Bearer abc" + alone + "def";
			assertThat(HeaderCharacters.allowedName(alone)).as("name U+%04X", codePoint)
				.isEqualTo(NAME.matcher(alone).matches());
			assertThat(HeaderCharacters.allowedValue(alone)).as("value U+%04X", codePoint)
				.isEqualTo(VALUE.matcher(alone).matches());
			assertThat(HeaderCharacters.allowedValue(inside)).as("value with U+%04X", codePoint)
				.isEqualTo(VALUE.matcher(inside).matches());
		}
	}

	@Test
	void tabsPassInValuesOnlyAndControlCharactersNowhere() {
		assertThat(HeaderCharacters.allowedValue("a\tb")).isTrue();
		assertThat(HeaderCharacters.allowedName("a\tb")).isFalse();
		assertThat(HeaderCharacters.allowedValue("a\r\nInjected: yes")).isFalse();
		assertThat(HeaderCharacters.allowedValue("nul\u0000")).isFalse();
		assertThat(HeaderCharacters.allowedValue("del\u007f")).isFalse();
		assertThat(HeaderCharacters.allowedValue("unassigned\u0378")).isFalse();
		assertThat(HeaderCharacters.allowedValue("emoji \ud83d\ude00 and lone \ud800")).isTrue();
		assertThat(HeaderCharacters.allowedValue("")).isTrue();
	}

	@Test
	void anAbsentHeaderPassesAsBefore() {
		assertThat(HeaderCharacters.allowedName(null)).isTrue();
		assertThat(HeaderCharacters.allowedValue(null)).isTrue();
	}

}
