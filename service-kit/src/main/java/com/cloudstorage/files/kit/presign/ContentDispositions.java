package com.cloudstorage.files.kit.presign;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Builds RFC 6266 {@code Content-Disposition} values with an ASCII {@code filename}
 * fallback and an RFC 5987 {@code filename*}; inline only where {@link InlinePolicy}
 * allows it.
 */
public final class ContentDispositions {

	private static final String ATTR_CHARS = "!#$&+-.^_`|~";

	private ContentDispositions() {
	}

	/**
	 * The disposition for a download: {@code inline} only when asked for and the type is
	 * safe to show inline; {@code attachment} otherwise.
	 */
	public static String forDownload(String filename, @Nullable String contentType, boolean inlineRequested) {
		return (inlineRequested && InlinePolicy.isSafeInline(contentType)) ? build("inline", filename)
				: build("attachment", filename);
	}

	public static String attachment(String filename) {
		return build("attachment", filename);
	}

	private static String build(String type, String filename) {
		return type + "; filename=\"" + asciiFallback(filename) + "\"; filename*=UTF-8''" + encode(filename);
	}

	static String asciiFallback(String filename) {
		StringBuilder out = new StringBuilder(filename.length());
		filename.codePoints().forEach((cp) -> {
			boolean plain = cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' && cp != '%' && cp != ';';
			out.append(plain ? (char) cp : '_');
		});
		String result = out.toString().trim();
		return result.isEmpty() ? "download" : result;
	}

	static String encode(String filename) {
		StringBuilder out = new StringBuilder();
		for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| ATTR_CHARS.indexOf(c) >= 0) {
				out.append((char) c);
			}
			else {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return out.toString();
	}

}
