package com.cloudstorage.files.metadata.file;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

import com.cloudstorage.files.metadata.InvalidRequestException;

/**
 * Position in the newest-first listing: the last item's creation time and id. Opaque to
 * clients.
 *
 * @param createdAt the last item's creation time
 * @param id the last item's id, breaking ties
 */
public record FileCursor(Instant createdAt, UUID id) {

	public String encode() {
		String raw = this.createdAt + "|" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads a cursor given back by a client.
	 * @throws InvalidRequestException when it was not made by {@link #encode()}
	 */
	public static FileCursor decode(String cursor) {
		try {
			String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			int bar = raw.indexOf('|');
			if (bar < 0) {
				throw new InvalidRequestException("The cursor is not valid.");
			}
			return new FileCursor(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw new InvalidRequestException("The cursor is not valid.");
		}
	}

}
