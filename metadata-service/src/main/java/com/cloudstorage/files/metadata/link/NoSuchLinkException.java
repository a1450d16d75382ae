package com.cloudstorage.files.metadata.link;

import java.util.UUID;

/** The file has no live sharing link. */
public class NoSuchLinkException extends RuntimeException {

	public NoSuchLinkException(UUID fileId) {
		super("File " + fileId + " has no sharing link.");
	}

}
