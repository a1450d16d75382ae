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

	/**
	 * Files are created now, so a cursor from outside these bounds was not made by us;
	 * PostgreSQL would fail on times far outside them.
	 */
	private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

	private static final int MAX_LENGTH = 200;

	public String encode() {
		String raw = this.createdAt + "|" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads a cursor given back by a client.
	 * @throws InvalidRequestException when it was not made by {@link #encode()}
	 */
	public static FileCursor decode(String cursor) {
		if (cursor.length() > MAX_LENGTH) {
			throw new InvalidRequestException("The cursor is not valid.");
		}
		try {
			String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			int bar = raw.indexOf('|');
			if (bar < 0) {
				throw new InvalidRequestException("The cursor is not valid.");
			}
			Instant createdAt = Instant.parse(raw.substring(0, bar));
			if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
				throw new InvalidRequestException("The cursor is not valid.");
			}
			return new FileCursor(createdAt, UUID.fromString(raw.substring(bar + 1)));
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw new InvalidRequestException("The cursor is not valid.");
		}
	}

}
