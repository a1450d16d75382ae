package com.cloudstorage.files.gateway.route;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The JSON of the internal calls the gateway makes (see docs/internal-api.md).
 */
final class InternalApi {

	/**
	 * metadata-service's storage grant for a key, passed on to storage-service with every
	 * call on that key: a write grant for a reserved key's writes, a read grant for a
	 * located key's download or presign (storage touches no other key).
	 */
	static final String STORAGE_GRANT = "Storage-Grant";

	private InternalApi() {
	}

	record Attachment(String type, String name) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ReserveUpload(String name, String contentType, @JsonProperty("private") boolean isPrivate,
			@Nullable String folder, List<Attachment> attachments) {
	}

	/**
	 * @param completionGrant completes or aborts this upload in place of the caller's
	 * token, which may have expired by the end of a long transfer
	 * @param storageGrant lets storage-service write this key (see
	 * {@link #STORAGE_GRANT})
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Reservation(String fileId, String provider, String key, long maxBytes, @Nullable String completionGrant,
			@Nullable String storageGrant) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	/**
	 * What storage-service stored; {@code sha256} is {@literal null} only for an upload
	 * session completed with its checksum left for later.
	 */
	record StoredObject(String bucket, String key, long size, @Nullable String sha256, @Nullable String etag) {
	}

	/**
	 * Optional fields override the reservation (multipart fields that came after the file
	 * part).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record CompleteUpload(String bucket, long size, String sha256, @Nullable String etag,
			@JsonProperty("private") @Nullable Boolean isPrivate, @Nullable String folder,
			@Nullable List<Attachment> attachments) {
	}

	/**
	 * @param storageGrant lets storage-service stream this key or presign its download
	 * (see {@link #STORAGE_GRANT}); never shown to clients
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record FileLocation(String fileId, String name, @Nullable String contentType, long size, @Nullable String sha256,
			@Nullable String etag, String provider, @Nullable String bucket, String key,
			@Nullable String storageGrant) {

		/** Adds the read grant to a call that reads this key. */
		void grantStorage(HttpHeaders headers) {
			if (this.storageGrant != null) {
				headers.set(STORAGE_GRANT, this.storageGrant);
			}
		}

	}

	record PresignDownload(String provider, String key, String filename, @Nullable String contentType, boolean inline) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PresignedDownload(String url, @Nullable String expiresAt) {
	}

}
