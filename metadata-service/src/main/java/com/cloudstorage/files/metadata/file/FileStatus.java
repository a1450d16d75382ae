package com.cloudstorage.files.metadata.file;

/** Life of a file: reserved, then available or failed/expired, and finally deleted. */
public enum FileStatus {

	PENDING, AVAILABLE, DELETED, FAILED, EXPIRED

}
