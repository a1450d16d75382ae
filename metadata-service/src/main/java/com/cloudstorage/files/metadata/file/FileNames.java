package com.cloudstorage.files.metadata.file;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The rules for file names and folders: pure logic, so that every entry point applies the
 * same ones.
 */
public final class FileNames {

	/** Limit of most file systems, in UTF-8 bytes. */
	public static final int MAX_BYTES = 255;

	private FileNames() {
	}

	/**
	 * Checks a file name.
	 * @param name the name given by the user
	 * @return why it is refused, or {@literal null} when it is fine
	 */
	public static @Nullable String problemWithName(@Nullable String name) {
		if (name == null || name.isEmpty()) {
			return "The file name must not be empty.";
		}
		if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
			return "The file name must not contain '/' or '\\'.";
		}
		if (hasControlCharacter(name)) {
			return "The file name must not contain NUL or control characters.";
		}
		if (name.equals(".") || name.equals("..")) {
			return "The file name must not be '.' or '..'.";
		}
		if (utf8Length(name) > MAX_BYTES) {
			return "The file name must not be longer than " + MAX_BYTES + " UTF-8 bytes.";
		}
		return null;
	}

	/**
	 * Checks a folder, which may have {@code /}-separated segments.
	 * @param folder the folder, {@literal null} or empty for none
	 * @return why it is refused, or {@literal null} when it is fine
	 */
	public static @Nullable String problemWithFolder(@Nullable String folder) {
		if (folder == null || folder.isEmpty()) {
			return null;
		}
		if (hasControlCharacter(folder)) {
			return "The folder must not contain NUL or control characters.";
		}
		for (String segment : folder.split("[/\\\\]", -1)) {
			if (segment.equals("..") || segment.equals(".")) {
				return "The folder must not contain '.' or '..' segments.";
			}
		}
		if (utf8Length(folder) > MAX_BYTES) {
			return "The folder must not be longer than " + MAX_BYTES + " UTF-8 bytes.";
		}
		return null;
	}

	/**
	 * Checks a short label such as a document type or name, or a content type.
	 * @return why it is refused, or {@literal null} when it is fine
	 */
	public static @Nullable String problemWithLabel(String what, @Nullable String label) {
		if (label == null || label.isBlank()) {
			return what + " must not be empty.";
		}
		if (hasControlCharacter(label)) {
			return what + " must not contain control characters.";
		}
		if (utf8Length(label) > MAX_BYTES) {
			return what + " must not be longer than " + MAX_BYTES + " UTF-8 bytes.";
		}
		return null;
	}

	/**
	 * Checks optional free text such as a search term or an etag: may be empty, but has
	 * no control character and fits a column.
	 * @return why it is refused, or {@literal null} when it is fine
	 */
	public static @Nullable String problemWithText(String what, @Nullable String text) {
		if (text == null) {
			return null;
		}
		if (hasControlCharacter(text)) {
			return what + " must not contain control characters.";
		}
		if (utf8Length(text) > MAX_BYTES) {
			return what + " must not be longer than " + MAX_BYTES + " UTF-8 bytes.";
		}
		return null;
	}

	private static boolean hasControlCharacter(String text) {
		return text.codePoints().anyMatch(Character::isISOControl);
	}

	private static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

}
