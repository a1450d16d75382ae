package com.cloudstorage.files.kit.presign;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class InlinePolicyTests {

	@ParameterizedTest
	@ValueSource(strings = { "image/png", "image/jpeg", "IMAGE/GIF", "image/webp", "application/pdf",
			"text/plain; charset=utf-8" })
	void rasterImagesPdfAndPlainTextMayBeShownInline(String type) {
		assertThat(InlinePolicy.isSafeInline(type)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "image/svg+xml", "text/html", "application/xhtml+xml", "text/javascript",
			"application/octet-stream", "", "image" })
	void typesThatCanRunScriptOrAreUnknownAreDownloaded(String type) {
		assertThat(InlinePolicy.isSafeInline(type)).isFalse();
	}

	@org.junit.jupiter.api.Test
	void aMissingTypeIsDownloaded() {
		assertThat(InlinePolicy.isSafeInline(null)).isFalse();
	}

}
