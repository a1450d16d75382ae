package com.cloudstorage.files.storage.object;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port to an S3-compatible object store, addressed by provider profile name. Failures
 * arrive as {@link ObjectStoreException}s, never as provider SDK exceptions.
 */
public interface ObjectStore {

	/**
	 * Writes the body under {@code key}, part by part, computing size and SHA-256 on the
	 * way. Whatever goes wrong, no multipart upload stays open.
	 * @param provider the profile name, must not be {@literal null}
	 * @param key the object key, must not be {@literal null}
	 * @param body the bytes; each buffer belongs to the store once emitted
	 * @param declaredLength the length the caller announced, or {@code -1}
	 * @param maxBytes the largest body accepted
	 * @return what was stored
	 */
	Mono<StoredObject> put(String provider, String key, Flux<ByteBuffer> body, long declaredLength, long maxBytes);

	/**
	 * Opens the object for reading, optionally a single byte range of it; the body
	 * streams when subscribed.
	 */
	Mono<ObjectContent> get(String provider, String key, @Nullable ByteRange range);

	/**
	 * Presigns a GET of the object, answered with the content type and the file's name in
	 * an RFC 6266 disposition: {@code inline} only when asked for and the type is safe to
	 * show inline, {@code attachment} otherwise.
	 */
	Mono<PresignedDownload> presignDownload(String provider, String key, String filename, @Nullable String contentType,
			boolean inline);

	/**
	 * Deletes every version of the key (or the object itself where versions are not
	 * supported).
	 * @param bucket the bucket, or {@code null} for the profile's bucket
	 */
	Mono<Void> deleteAllVersions(String provider, @Nullable String bucket, String key);

	/** Aborts one multipart upload; an upload that no longer exists counts as aborted. */
	Mono<Void> abortMultipartUpload(String provider, String bucket, String key, String uploadId);

	/**
	 * Lists the current objects of the profile's bucket whose keys start with
	 * {@code prefix}, page by page as they are consumed.
	 */
	Flux<ListedObject> list(String provider, String prefix);

	/**
	 * Lists the open multipart uploads of the profile's bucket whose keys start with
	 * {@code prefix}; a provider that cannot list them yields none.
	 */
	Flux<OpenMultipartUpload> listMultipartUploads(String provider, String prefix);

}
