package com.cloudstorage.files.sharelink.presign;

/**
 * What a presigned GET is made for: the object and how the downloader sees it. Its own
 * type, so presigning knows nothing about links.
 *
 * @param provider the storage profile name
 * @param bucket the bucket
 * @param key the object key
 * @param name the original file name, for the Content-Disposition
 * @param contentType the media type
 */
public record ObjectToSign(String provider, String bucket, String key, String name, String contentType) {
}
