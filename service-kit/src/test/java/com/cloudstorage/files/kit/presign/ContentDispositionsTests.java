package com.cloudstorage.files.kit.presign;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDispositionsTests {

	@Test
	void asciiNameIsKeptInBothParameters() {
		assertThat(ContentDispositions.attachment("report.pdf"))
			.isEqualTo("attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
	}

	@Test
	void unicodeNameGetsAnAsciiFallbackAndAPercentEncodedUtf8Form() {
		assertThat(ContentDispositions.attachment("Grüße €.txt"))
			.isEqualTo("attachment; filename=\"Gr__e _.txt\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%E2%82%AC.txt");
	}

	@Test
	void quotesBackslashesAndControlCharactersCannotBreakTheHeader() {
		String value = ContentDispositions.attachment("a\"b\\c\r\nd;e%.txt");
		assertThat(value).startsWith("attachment; filename=\"a_b_c__d_e_.txt\"; filename*=UTF-8''");
		assertThat(value).doesNotContain("\r").doesNotContain("\n");
		assertThat(value).endsWith("a%22b%5Cc%0D%0Ad%3Be%25.txt");
	}

	@Test
	void inlineOnlyForImagesAndPdfWhenAskedFor() {
		assertThat(ContentDispositions.forDownload("a.png", "image/png", true)).startsWith("inline;");
		assertThat(ContentDispositions.forDownload("a.pdf", "application/pdf; charset=binary", true))
			.startsWith("inline;");
		assertThat(ContentDispositions.forDownload("a.png", "image/png", false)).startsWith("attachment;");
		assertThat(ContentDispositions.forDownload("a.html", "text/html", true)).startsWith("attachment;");
		assertThat(ContentDispositions.forDownload("a.svg", "image/svg+xml", true)).startsWith("attachment;");
		assertThat(ContentDispositions.forDownload("a", null, true)).startsWith("attachment;");
	}

	@Test
	void nameOfOnlyUnsafeCharactersStillHasAFallback() {
		assertThat(ContentDispositions.asciiFallback("")).isEqualTo("download");
	}

}
