package com.cloudstorage.files.kit.presign;

import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which uploaded types a browser may show inline: only those it renders without running
 * anything of the uploader's. SVG and HTML can carry script, so they are always
 * downloaded.
 */
public final class InlinePolicy {

	private static final Set<String> SAFE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "image/avif",
			"application/pdf", "text/plain");

	private InlinePolicy() {
	}

	public static boolean isSafeInline(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		return SAFE.contains(contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
	}

}
