package com.cloudstorage.files.metadata.file;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.metadata.InvalidRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileNamesTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "a/b", "/", "a\\b", ".", "..", "nul\u0000", "bell\u0007", "line\nbreak", "del\u007f",
			"c1\u0085" })
	void refusesBadNames(String name) {
		assertThat(FileNames.problemWithName(name)).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "report.pdf", "archive..tar.gz", "..hidden", "...", "Ünïcødé ✓.txt", " spaced name " })
	void acceptsOrdinaryNames(String name) {
		assertThat(FileNames.problemWithName(name)).isNull();
	}

	@Test
	void limitsNamesTo255Utf8Bytes() {
		assertThat(FileNames.problemWithName(null)).isNotNull();
		assertThat(FileNames.problemWithName("a".repeat(255))).isNull();
		assertThat(FileNames.problemWithName("a".repeat(256))).contains("255");
		// 'é' takes two bytes: 127 of them plus one ASCII letter is 255 bytes, 128 is
		// 256.
		assertThat(FileNames.problemWithName("é".repeat(127) + "a")).isNull();
		assertThat(FileNames.problemWithName("é".repeat(128))).isNotNull();
	}

	@Test
	void foldersMayNestButNotEscape() {
		assertThat(FileNames.problemWithFolder(null)).isNull();
		assertThat(FileNames.problemWithFolder("")).isNull();
		assertThat(FileNames.problemWithFolder("invoices/2026")).isNull();
		assertThat(FileNames.problemWithFolder("..")).isNotNull();
		assertThat(FileNames.problemWithFolder("a/../b")).isNotNull();
		assertThat(FileNames.problemWithFolder("a\\..\\b")).isNotNull();
		assertThat(FileNames.problemWithFolder("tab\there")).isNotNull();
		assertThat(FileNames.problemWithFolder("x".repeat(256))).isNotNull();
	}

	@Test
	void cursorsRoundTripAndRejectGarbage() {
		FileCursor cursor = new FileCursor(Instant.parse("2026-11-25T10:00:00.123456Z"), UUID.randomUUID());
		assertThat(FileCursor.decode(cursor.encode())).isEqualTo(cursor);
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> FileCursor.decode("garbage"));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> FileCursor.decode("!!"));
	}

	@Test
	void readPermission() {
		StoredFile privateFile = file(true, FileStatus.AVAILABLE);
		assertThat(privateFile.readableBy("alice", false)).isTrue();
		assertThat(privateFile.readableBy("bob", false)).isFalse();
		assertThat(privateFile.readableBy("bob", true)).isTrue();
		assertThat(file(false, FileStatus.AVAILABLE).readableBy("bob", false)).isTrue();
		assertThat(file(false, FileStatus.PENDING).readableBy("alice", true)).isFalse();
	}

	private static StoredFile file(boolean privateFile, FileStatus status) {
		return new StoredFile(UUID.randomUUID(), "a.txt", "text/plain", 1L, null, null, privateFile, null, "alice",
				"local", "files", "files/x", status, Instant.now(), java.util.List.of());
	}

}
