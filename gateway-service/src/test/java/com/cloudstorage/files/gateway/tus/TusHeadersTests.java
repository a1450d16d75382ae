package com.cloudstorage.files.gateway.tus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.gateway.route.UploadSessionApi.OpenUpload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TusHeadersTests {

	@Test
	void metadataPairsAreDecodedAndAKeyWithoutValueIsEmpty() {
		String header = "filename " + b64("Quarterly report.pdf") + ",filetype " + b64("application/pdf") + ", private "
				+ b64("false") + ",folder " + b64("reports/2026") + ",attachment " + b64("Sales Invoice/INV-0001")
				+ ",is_confidential";

		Map<String, String> metadata = TusHeaders.metadata(header);

		assertThat(metadata).containsEntry("filename", "Quarterly report.pdf")
			.containsEntry("filetype", "application/pdf")
			.containsEntry("private", "false")
			.containsEntry("is_confidential", "");
		OpenUpload open = TusHeaders.openUpload(123, metadata);
		assertThat(open.name()).isEqualTo("Quarterly report.pdf");
		assertThat(open.size()).isEqualTo(123);
		assertThat(open.contentType()).isEqualTo("application/pdf");
		assertThat(open.isPrivate()).isFalse();
		assertThat(open.folder()).isEqualTo("reports/2026");
		assertThat(open.attachedToType()).isEqualTo("Sales Invoice");
		assertThat(open.attachedToName()).isEqualTo("INV-0001");
		assertThat(open.mode()).isEqualTo("proxied");
	}

	@Test
	void noMetadataOpensAPlainProxiedSession() {
		OpenUpload open = TusHeaders.openUpload(5, TusHeaders.metadata(null));

		assertThat(open.name()).isEqualTo("upload");
		assertThat(open.isPrivate()).isNull();
		assertThat(open.attachedToType()).isNull();
		assertThat(open.mode()).isEqualTo("proxied");
	}

	@Test
	void malformedMetadataIsABadRequest() {
		assertInvalid(() -> TusHeaders.metadata("filename not-base64!"));
		assertInvalid(() -> TusHeaders.metadata("filename " + b64("a") + ",filename " + b64("b")));
		assertInvalid(() -> TusHeaders.metadata("file name " + b64("a")));
		assertInvalid(() -> TusHeaders.metadata(",filename " + b64("a")));
		assertInvalid(() -> TusHeaders.metadata("x ".repeat(5000)));
		assertInvalid(() -> TusHeaders.openUpload(1, Map.of("private", "maybe")));
		assertInvalid(() -> TusHeaders.openUpload(1, Map.of("attachment", "no-slash")));
		assertInvalid(() -> TusHeaders.openUpload(1, Map.of("attachment", "Type/")));
	}

	@Test
	void numbersAreNonNegativeWholeNumbers() {
		assertThat(TusHeaders.number("Upload-Offset", "0")).isZero();
		assertThat(TusHeaders.number("Upload-Length", "20971520")).isEqualTo(20971520L);
		assertInvalid(() -> TusHeaders.number("Upload-Offset", null));
		assertInvalid(() -> TusHeaders.number("Upload-Offset", "-1"));
		assertInvalid(() -> TusHeaders.number("Upload-Offset", "1e3"));
		assertInvalid(() -> TusHeaders.number("Upload-Offset", "99999999999999999999"));
	}

	@Test
	void onlyVersionOneIsServed() {
		TusHeaders.requireResumable("1.0.0");
		assertThatThrownBy(() -> TusHeaders.requireResumable(null)).isInstanceOfSatisfying(ProblemException.class,
				(ex) -> {
					assertThat(ex.status().value()).isEqualTo(412);
					assertThat(ex.code()).isEqualTo("UnsupportedTusVersion");
					assertThat(ex.problem().headers().getFirst("Tus-Version")).isEqualTo("1.0.0");
				});
		assertThatThrownBy(() -> TusHeaders.requireResumable("0.2.2")).isInstanceOf(ProblemException.class);
	}

	@Test
	void patchBodiesAreOffsetOctetStreams() {
		TusHeaders.requireOffsetOctetStream("application/offset+octet-stream");
		TusHeaders.requireOffsetOctetStream("Application/Offset+Octet-Stream; charset=binary");
		assertThatThrownBy(() -> TusHeaders.requireOffsetOctetStream("application/octet-stream"))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> {
				assertThat(ex.status().value()).isEqualTo(415);
				assertThat(ex.code()).isEqualTo("UnsupportedMediaType");
			});
		assertThatThrownBy(() -> TusHeaders.requireOffsetOctetStream(null)).isInstanceOf(ProblemException.class);
	}

	@Test
	void expiryIsAnHttpDate() {
		assertThat(TusHeaders.expires("2026-11-30T08:00:00Z")).isEqualTo("Mon, 30 Nov 2026 08:00:00 GMT");
		assertThat(TusHeaders.expires("not a time")).isNull();
	}

	private static void assertInvalid(Runnable call) {
		assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class,
				(ex) -> assertThat(ex.status().value()).isEqualTo(400));
	}

	private static String b64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
