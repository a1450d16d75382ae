package com.cloudstorage.files.gateway.route;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The JSON of upload sessions: the public requests and answers, and the internal calls
 * behind them (see docs/internal-api.md).
 */
public final class UploadSessionApi {

	private UploadSessionApi() {
	}

	/**
	 * {@code POST /api/v1/uploads}; the plain upload's optional fields, plus size,
	 * sha256, mode.
	 */
	public record OpenUpload(@Nullable String name, @Nullable Long size, @Nullable String contentType,
			@Nullable String sha256, @JsonProperty("private") @Nullable Boolean isPrivate, @Nullable String folder,
			@Nullable String attachedToType, @Nullable String attachedToName, @Nullable String mode) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record OpenSession(@Nullable String name, @Nullable String contentType, long size, @Nullable String sha256,
			@JsonProperty("private") @Nullable Boolean isPrivate, @Nullable String folder,
			List<InternalApi.Attachment> attachments, @Nullable String mode) {
	}

	/**
	 * metadata-service's session; provider, key and storage grants stay inside.
	 *
	 * @param storageGrant lets storage-service write the session's key (and list its
	 * parts) until it expires
	 * @param storageReadGrant lets storage-service stream back what a resumable upload
	 * staged under the key, for a minute after metadata-service answered
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Session(String id, String fileId, String provider, String key, String mode, long size, long partSize,
			int partCount, @Nullable String sha256, String state, String createdAt, String expiresAt,
			@Nullable String storageGrant, @Nullable String storageReadGrant) {

		/** A session without storage grants (tests of the gateway alone). */
		public Session(String id, String fileId, String provider, String key, String mode, long size, long partSize,
				int partCount, @Nullable String sha256, String state, String createdAt, String expiresAt) {
			this(id, fileId, provider, key, mode, size, partSize, partCount, sha256, state, createdAt, expiresAt, null,
					null);
		}

		/** Adds the storage grant to a call that writes the session's key. */
		void grantStorage(HttpHeaders headers) {
			if (this.storageGrant != null) {
				headers.set(InternalApi.STORAGE_GRANT, this.storageGrant);
			}
		}

		/** Adds the read grant to a call that reads back the session's key. */
		void grantStorageRead(HttpHeaders headers) {
			if (this.storageReadGrant != null) {
				headers.set(InternalApi.STORAGE_GRANT, this.storageReadGrant);
			}
		}

		/**
		 * Whether the session was completed already (only answered when asked for, see
		 * {@link UploadSessionCalls#sessionOrCompleted}).
		 */
		public boolean completed() {
			return "COMPLETED".equals(this.state);
		}

		public long sizeOfPart(int number) {
			return (number < this.partCount) ? this.partSize : this.size - (long) (this.partCount - 1) * this.partSize;
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Part(int partNumber, long size, @Nullable String etag) {
	}

	record PartSlot(int partNumber, long size) {
	}

	record PartUrlsRequest(List<PartSlot> parts) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PresignedPart(int partNumber, String url, String expiresAt) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PresignedParts(List<PresignedPart> urls) {
	}

	/**
	 * storage-service's completion. {@code checksumLater}: check the assembled object's
	 * size only and leave its SHA-256 to storage's workers (a direct session without an
	 * announced SHA-256; its bytes never passed through us).
	 */
	record CompleteMultipart(long size, long partSize, int partCount, @Nullable String sha256,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean checksumLater) {

		static CompleteMultipart of(Session session) {
			boolean later = session.sha256() == null && "direct".equals(session.mode()) && session.size() > 0;
			return new CompleteMultipart(session.size(), session.partSize(), session.partCount(), session.sha256(),
					later ? Boolean.TRUE : null);
		}

	}

	record CompleteSession(@Nullable String bucket, long size, @Nullable String sha256, @Nullable String etag) {
	}

	/** What clients see of a session. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SessionView(String id, String fileId, String mode, long size, long partSize, int partCount,
			@Nullable String sha256, String createdAt, String expiresAt, @Nullable List<Part> parts) {

		static SessionView of(Session session, @Nullable List<Part> parts) {
			return new SessionView(session.id(), session.fileId(), session.mode(), session.size(), session.partSize(),
					session.partCount(), session.sha256(), session.createdAt(), session.expiresAt(), parts);
		}

	}

	/**
	 * A part URL for clients: PUT exactly {@code size} bytes to {@code url} before
	 * {@code expiresAt}.
	 */
	record PartUrl(int partNumber, long size, String url, String expiresAt) {
	}

	record PartUrls(String id, List<PartUrl> urls) {
	}

}
