package com.cloudstorage.files.storage.object.web;

import java.nio.charset.StandardCharsets;

/** Checks object keys given to the byte API. */
final class ObjectKeys {

	private ObjectKeys() {
	}

	static String validate(String key) {
		if (key.isBlank() || key.getBytes(StandardCharsets.UTF_8).length > 1024 || key.startsWith("/")) {
			throw new InvalidRequestException("key must be 1 to 1024 bytes and not start with '/'");
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c < 0x20 || c == 0x7f || c == '\\') {
				throw new InvalidRequestException("key contains a control character or backslash");
			}
		}
		for (String segment : key.split("/", -1)) {
			if (segment.equals("..") || segment.equals(".")) {
				throw new InvalidRequestException("key contains a '.' or '..' segment");
			}
		}
		return key;
	}

	/** The file name to offer when the caller gave none: the key's last segment. */
	static String defaultFilename(String key) {
		String name = key.substring(key.lastIndexOf('/') + 1);
		return name.isEmpty() ? "download" : name;
	}

}
