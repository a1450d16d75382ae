package com.cloudstorage.files.storage.object;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangeTests {

	@Test
	void parsesTheThreeSingleRangeForms() {
		assertThat(ByteRange.parse("bytes=0-99")).isEqualTo(new ByteRange(0L, 99L));
		assertThat(ByteRange.parse("bytes=100-")).isEqualTo(new ByteRange(100L, null));
		assertThat(ByteRange.parse("bytes=-500")).isEqualTo(new ByteRange(null, 500L));
		assertThat(ByteRange.parse("bytes=-500").toHeaderValue()).isEqualTo("bytes=-500");
		assertThat(ByteRange.parse("bytes=5-9").toHeaderValue()).isEqualTo("bytes=5-9");
	}

	@Test
	void unsupportedOrMalformedRangesAreIgnored() {
		assertThat(ByteRange.parse(null)).isNull();
		assertThat(ByteRange.parse("bytes=0-1,5-6")).isNull();
		assertThat(ByteRange.parse("items=0-1")).isNull();
		assertThat(ByteRange.parse("bytes=-")).isNull();
		assertThat(ByteRange.parse("bytes=9-3")).isNull();
		assertThat(ByteRange.parse("bytes=-0")).isNull();
	}

}
