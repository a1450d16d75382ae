package com.cloudstorage.files.kit.problem;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The error catalogue: every {@code code} any service answers, with its status and title.
 * Adding a code is one constant here plus the mapping of the exception that raises it;
 * {@code docs/internal-api.md} is checked against this enum by a test.
 */
public enum ProblemCode {

	INVALID_REQUEST("InvalidRequest", HttpStatus.BAD_REQUEST, "Invalid request"),

	INVALID_FILE_NAME("InvalidFileName", HttpStatus.BAD_REQUEST, "Invalid file name"),

	INCOMPLETE_BODY("IncompleteBody", HttpStatus.BAD_REQUEST, "Incomplete body"),

	PART_NUMBER_OUT_OF_RANGE("PartNumberOutOfRange", HttpStatus.BAD_REQUEST, "Part number out of range"),

	UNAUTHORIZED("Unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),

	FORBIDDEN("Forbidden", HttpStatus.FORBIDDEN, "Forbidden"),

	NOT_FOUND("NotFound", HttpStatus.NOT_FOUND, "Not found"),

	NO_SUCH_FILE("NoSuchFile", HttpStatus.NOT_FOUND, "No such file"),

	NO_SUCH_LINK("NoSuchLink", HttpStatus.NOT_FOUND, "No sharing link"),

	LINK_UNAVAILABLE("LinkUnavailable", HttpStatus.NOT_FOUND, "This file is no longer available"),

	NO_SUCH_UPLOAD_SESSION("NoSuchUploadSession", HttpStatus.NOT_FOUND, "No such upload session"),

	METHOD_NOT_ALLOWED("MethodNotAllowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),

	FILE_ATTACHED_TO_SUBMITTED_DOCUMENT("FileAttachedToSubmittedDocument", HttpStatus.CONFLICT,
			"File attached to a submitted document"),

	STALE_DOCUMENT_UPDATE("StaleDocumentUpdate", HttpStatus.CONFLICT, "Stale document update"),

	REPLAY_RUNNING("ReplayRunning", HttpStatus.CONFLICT, "A replay is already running"),

	UPLOAD_MODE_MISMATCH("UploadModeMismatch", HttpStatus.CONFLICT, "Not possible in this upload mode"),

	UPLOAD_INCOMPLETE("UploadIncomplete", HttpStatus.CONFLICT, "Parts are missing"),

	UPLOAD_OFFSET_MISMATCH("UploadOffsetMismatch", HttpStatus.CONFLICT, "Upload-Offset is not the upload's offset"),

	UPLOAD_SESSION_EXPIRED("UploadSessionExpired", HttpStatus.GONE, "Upload session expired"),

	ENTITY_TOO_LARGE("EntityTooLarge", HttpStatus.CONTENT_TOO_LARGE, "Entity too large"),

	PART_TOO_LARGE("PartTooLarge", HttpStatus.CONTENT_TOO_LARGE, "Part larger than announced"),

	REQUEST_LINE_TOO_LONG("RequestLineTooLong", HttpStatus.URI_TOO_LONG, "Request line too long"),

	HEADERS_TOO_LARGE("HeadersTooLarge", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large"),

	UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),

	UNSUPPORTED_TUS_VERSION("UnsupportedTusVersion", HttpStatus.PRECONDITION_FAILED, "Unsupported TUS version"),

	RANGE_NOT_SATISFIABLE("RangeNotSatisfiable", HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "Range not satisfiable"),

	SIZE_MISMATCH("SizeMismatch", HttpStatus.UNPROCESSABLE_CONTENT, "Size does not match"),

	CHECKSUM_MISMATCH("ChecksumMismatch", HttpStatus.UNPROCESSABLE_CONTENT, "SHA-256 does not match"),

	TOO_MANY_REQUESTS("TooManyRequests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),

	SERVICE_UNAVAILABLE("ServiceUnavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),

	STORAGE_UNAVAILABLE("StorageUnavailable", HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable"),

	PROJECTION_LAG("ProjectionLag", HttpStatus.SERVICE_UNAVAILABLE, "Link change not applied yet");

	private static final String TYPE_PREFIX = "https://errors.cloudstorage.dev/files/";

	private final String code;

	private final HttpStatus status;

	private final String title;

	private final URI type;

	ProblemCode(String code, HttpStatus status, String title) {
		this.code = code;
		this.status = status;
		this.title = title;
		this.type = URI.create(TYPE_PREFIX + code.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
	}

	/** The stable name clients switch on, e.g. {@code NoSuchFile}. */
	public String code() {
		return this.code;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	public URI type() {
		return this.type;
	}

	/** The constant for a catalogue code as clients see it, e.g. {@code "NoSuchFile"}. */
	public static Optional<ProblemCode> fromCode(@Nullable String code) {
		for (ProblemCode candidate : values()) {
			if (candidate.code.equals(code)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * The code for a status the framework produced where no more specific code is known.
	 * A 5xx is never passed on as such: it becomes {@link #SERVICE_UNAVAILABLE}.
	 */
	public static ProblemCode forStatus(int status) {
		return switch (status) {
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 413 -> ENTITY_TOO_LARGE;
			case 414 -> REQUEST_LINE_TOO_LONG;
			case 431 -> HEADERS_TOO_LARGE;
			case 416 -> RANGE_NOT_SATISFIABLE;
			case 429 -> TOO_MANY_REQUESTS;
			default -> (status >= 500) ? SERVICE_UNAVAILABLE : INVALID_REQUEST;
		};
	}

}
