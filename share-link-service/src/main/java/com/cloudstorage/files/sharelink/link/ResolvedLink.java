package com.cloudstorage.files.sharelink.link;

/**
 * What an active link opens: where the object is and how to name it for the downloader.
 *
 * @param provider the storage profile name
 * @param bucket the bucket
 * @param key the object key
 * @param name the original file name
 * @param contentType the media type
 */
public record ResolvedLink(String provider, String bucket, String key, String name, String contentType) {
}
