package com.cloudstorage.files.storage.object;

import java.net.URI;
import java.time.Instant;

/** A presigned GET URL (a bearer credential: never log it) and when it stops working. */
public record PresignedDownload(URI url, Instant expiresAt) {

	@Override
	public String toString() {
		return "PresignedDownload[expiresAt=" + this.expiresAt + "]";
	}

}
