package com.cloudstorage.files.sharelink.link;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LinkTokensTests {

	/** The token shape as it was written before the check became a loop. */
	private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43,128}");

	@Test
	void wellFormedAgreesWithTheTokenShapeOnEdgesAndRandomStrings() {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
		assertThat(LinkTokens.wellFormed("A".repeat(43))).isTrue();
		assertThat(LinkTokens.wellFormed("A".repeat(42))).isFalse();
		assertThat(LinkTokens.wellFormed("A".repeat(128))).isTrue();
		assertThat(LinkTokens.wellFormed("A".repeat(129))).isFalse();
		assertThat(LinkTokens.wellFormed(alphabet)).isTrue();
		assertThat(LinkTokens.wellFormed(null)).isFalse();
		// Characters right next to the allowed ranges, and look-alikes outside ASCII.
		for (char c : "@[`{/:.+=~ \u00c4\uff21\u0661".toCharArray()) {
			assertThat(LinkTokens.wellFormed("A".repeat(42) + c)).as("%s", c).isFalse();
		}
		Random random = new Random(10);
		String candidates = alphabet + "+/=.%@[`{:~ \u00e9";
		for (int i = 0; i < 5_000; i++) {
			StringBuilder token = new StringBuilder();
			int length = 38 + random.nextInt(100);
			boolean clean = random.nextBoolean();
			for (int j = 0; j < length; j++) {
				String from = clean ? alphabet : candidates;
				token.append(from.charAt(random.nextInt(from.length())));
			}
			String candidate = token.toString();
			assertThat(LinkTokens.wellFormed(candidate)).as(candidate).isEqualTo(SHAPE.matcher(candidate).matches());
		}
	}

	@Test
	void theHashIsTheLowercaseHexSha256OfTheToken() {
		assertThat(LinkTokens.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

}
