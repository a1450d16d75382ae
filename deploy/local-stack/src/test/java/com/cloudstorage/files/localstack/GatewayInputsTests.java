package com.cloudstorage.files.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz inputs replay from their seed, and they keep covering the kinds of text that
 * found defects before.
 */
class GatewayInputsTests {

	@Test
	void theSameSeedAndRouteGiveTheSameValues() {
		assertThat(draw(42, "listing")).isEqualTo(draw(42, "listing"));
	}

	@Test
	void anotherSeedOrRouteGivesOtherValues() {
		assertThat(draw(43, "listing")).isNotEqualTo(draw(42, "listing"));
		assertThat(draw(42, "content")).isNotEqualTo(draw(42, "listing"));
	}

	@Test
	void textsCoverMissingEmptyLongControlNonLatinAndBrokenValues() {
		GatewayInputs inputs = new GatewayInputs(7, "texts", "probe-id");
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			texts.add(inputs.text());
		}
		assertThat(texts).containsNull().contains("");
		List<String> present = texts.stream().filter(Objects::nonNull).toList();
		assertThat(present).anyMatch((text) -> text.length() >= 250)
			.anyMatch((text) -> text.chars().anyMatch(Character::isISOControl))
			.anyMatch((text) -> text.chars().anyMatch((c) -> c > 0xff && !Character.isSurrogate((char) c)))
			.anyMatch((text) -> text.codePoints().anyMatch((c) -> c > 0xffff))
			.anyMatch(GatewayInputsTests::hasLoneSurrogate);
	}

	@Test
	void idsIncludeTheProbeFileAndUuids() {
		GatewayInputs inputs = new GatewayInputs(7, "ids", "probe-id");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			ids.add(inputs.id());
		}
		assertThat(ids).contains("probe-id").allMatch((id) -> !id.isEmpty());
		assertThat(inputs.uuid().version()).isEqualTo(4);
	}

	/** A code point of a valid pair is above U+FFFF; a lone half stays a surrogate. */
	private static boolean hasLoneSurrogate(String text) {
		return text.codePoints().anyMatch((c) -> c <= 0xffff && Character.isSurrogate((char) c));
	}

	private static List<Object> draw(long seed, String route) {
		GatewayInputs inputs = new GatewayInputs(seed, route, "probe-id");
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			values.add(String.valueOf(inputs.text()));
			values.add(String.valueOf(inputs.cursor()));
			values.add(String.valueOf(inputs.range()));
			values.add(inputs.jsonBody());
			values.add(List.of(inputs.body().length, inputs.fields().size(), inputs.id()));
		}
		return values;
	}

}
