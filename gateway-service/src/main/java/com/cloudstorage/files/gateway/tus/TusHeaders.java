package com.cloudstorage.files.gateway.tus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.cloudstorage.files.gateway.error.ProblemException;
import com.cloudstorage.files.gateway.route.UploadSessionApi.OpenUpload;
import com.cloudstorage.files.kit.problem.ProblemCode;

/**
 * Reading and writing the TUS headers. Every malformed value is a {@code 400} problem,
 * never a server error.
 */
final class TusHeaders {

	static final String VERSION = "1.0.0";

	static final String TUS_RESUMABLE = "Tus-Resumable";

	static final String TUS_VERSION = "Tus-Version";

	static final String TUS_EXTENSION = "Tus-Extension";

	static final String TUS_MAX_SIZE = "Tus-Max-Size";

	static final String UPLOAD_LENGTH = "Upload-Length";

	static final String UPLOAD_OFFSET = "Upload-Offset";

	static final String UPLOAD_METADATA = "Upload-Metadata";

	static final String UPLOAD_EXPIRES = "Upload-Expires";

	static final String UPLOAD_CHECKSUM = "Upload-Checksum";

	static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";

	/** Not TUS: the file's URL, so a client finds the file it uploaded. */
	static final String FILE_LOCATION = "File-Location";

	static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

	static final String EXTENSIONS = "creation,creation-with-upload,termination,expiration";

	static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

	/** The file's name when the client names none (TUS makes metadata optional). */
	static final String DEFAULT_NAME = "upload";

	/** The most metadata a creation may carry (the names and values are short fields). */
	private static final int MAX_METADATA_CHARS = 8 * 1024;

	private TusHeaders() {
	}

	/** {@code 412} unless the client speaks the one version served. */
	static void requireResumable(@Nullable String value) {
		if (!VERSION.equals(value)) {
			ProblemException refused = new ProblemException(ProblemCode.UNSUPPORTED_TUS_VERSION,
					"Send Tus-Resumable: " + VERSION + "; it is the only version served.");
			refused.problem().header(TUS_VERSION, VERSION);
			throw refused;
		}
	}

	/** {@code 415} unless the body is {@code application/offset+octet-stream}. */
	static void requireOffsetOctetStream(@Nullable String contentType) {
		String type = (contentType != null) ? contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT) : "";
		if (!OFFSET_OCTET_STREAM.equals(type)) {
			throw new ProblemException(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
					"A TUS upload body must be " + OFFSET_OCTET_STREAM + ".");
		}
	}

	/** A non-negative whole number header; {@code 400} when absent or malformed. */
	static long number(String name, @Nullable String value) {
		if (value == null || !value.matches("[0-9]{1,18}")) {
			throw ProblemException.invalidRequest(name + " must be one non-negative whole number.");
		}
		return Long.parseLong(value);
	}

	/**
	 * {@code Upload-Metadata}: comma-separated pairs of a key and an optional base64
	 * value. Keys are unique; values are UTF-8.
	 */
	static Map<String, String> metadata(@Nullable String header) {
		Map<String, String> pairs = new LinkedHashMap<>();
		if (header == null || header.isBlank()) {
			return pairs;
		}
		if (header.length() > MAX_METADATA_CHARS) {
			throw ProblemException
				.invalidRequest("Upload-Metadata is longer than " + MAX_METADATA_CHARS + " characters.");
		}
		for (String pair : header.split(",", -1)) {
			String[] parts = pair.trim().split(" ", -1);
			if (parts.length > 2 || parts[0].isEmpty() || !parts[0].matches("[A-Za-z0-9_.-]+")) {
				throw ProblemException.invalidRequest("Upload-Metadata must be pairs of a key and a base64 value.");
			}
			String value = "";
			if (parts.length == 2) {
				try {
					value = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
				}
				catch (IllegalArgumentException ex) {
					throw ProblemException
						.invalidRequest("The Upload-Metadata value of " + parts[0] + " is not base64.");
				}
			}
			if (pairs.put(parts[0], value) != null) {
				throw ProblemException.invalidRequest("Upload-Metadata names " + parts[0] + " twice.");
			}
		}
		return pairs;
	}

	/**
	 * The session to open for a TUS creation: {@code filename}, {@code filetype},
	 * {@code private}, {@code folder} and {@code attachment} ({@code type/name}) are the
	 * session's fields (the name is {@value #DEFAULT_NAME} without {@code filename});
	 * other keys are ignored, as TUS clients add their own.
	 */
	static OpenUpload openUpload(long length, Map<String, String> metadata) {
		String attachment = blankToNull(metadata.get("attachment"));
		String attachedToType = null;
		String attachedToName = null;
		if (attachment != null) {
			int slash = attachment.indexOf('/');
			if (slash <= 0 || slash == attachment.length() - 1) {
				throw ProblemException.invalidRequest("attachment must be \"<document type>/<document name>\".");
			}
			attachedToType = attachment.substring(0, slash);
			attachedToName = attachment.substring(slash + 1);
		}
		String name = blankToNull(metadata.get("filename"));
		return new OpenUpload((name != null) ? name : DEFAULT_NAME, length, blankToNull(metadata.get("filetype")), null,
				bool(metadata.get("private")), blankToNull(metadata.get("folder")), attachedToType, attachedToName,
				"proxied");
	}

	/** {@code Upload-Expires}: the session's expiry as an HTTP date. */
	static @Nullable String expires(String expiresAt) {
		try {
			return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.parse(expiresAt).atOffset(ZoneOffset.UTC));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Boolean bool(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> throw ProblemException.invalidRequest("The metadata private must be true or false.");
		};
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
