package com.cloudstorage.files.localstack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of value a client can put into a gateway request (texts with any Unicode,
 * control characters and very long strings; numbers; cursors; ids; ranges; JSON; content
 * types; bodies), drawn from one seeded random source: the same seed and route give the
 * same values in the same order, so a failing run can be replayed.
 */
final class GatewayInputs {

	/** A Thai word: a refused share-link reset with it in the query once hung (#8). */
	static final String THAI = "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a";

	/** A Yi syllable: a refused upload with it as attachedToType once hung (#8). */
	static final String YI = "\ua303";

	private static final String SPECIALS = "/\\.%;:?#&=+ '\"<>{}[]|*`$!@~\t\r\n";

	private static final List<String> ODD_TEXTS = List.of("", " ", "..", ".", "%2e%2e", "null", "true", "false", "0",
			"-1", "'; drop table x;--", "\u0000", "\uFEFF", "\uD800", "a".repeat(1000), "x".repeat(70_000),
			"Sales Invoice", "INV-1", "probe", THAI, YI, "\uD83D\uDE00", "e\u0301", "\u202Eevil", "\r\n\r\nX: y");

	/**
	 * Code point ranges texts are drawn from: ASCII, control characters, Latin-1,
	 * combining marks, right-to-left scripts, Thai, zero-width and direction marks, CJK,
	 * Yi, specials up to U+FFFF, emoji, anything above the BMP.
	 */
	private static final int[][] SCRIPTS = { { 0x20, 0x7e }, { 0x00, 0x1f }, { 0x7f, 0xff }, { 0x0300, 0x036f },
			{ 0x0590, 0x06ff }, { 0x0e00, 0x0e7f }, { 0x200b, 0x202e }, { 0x4e00, 0x9fff }, { 0xa000, 0xa48f },
			{ 0xfff0, 0xffff }, { 0x1f300, 0x1f64f }, { 0x10000, 0x10ffff } };

	private static final List<String> NUMBERS = List.of("0", "-1", "1", "100", "101", "1000", "2147483648",
			"-2147483649", "1e3", "1.5", "", " 5", "0x10", "NaN", "99999999999999999999");

	private static final List<String> JSON_VALUES = List.of("null", "true", "[]", "{}", "1e999", "-0", "\"\\ud800\"",
			"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");

	private static final List<String> JSON_DOCUMENTS = List.of("{\"type\":\"T\",\"name\":\"N\"}",
			"{\"status\":\"submitted\"}", "{", "[1,2", "{\"type\":" + "[".repeat(5000) + "]".repeat(5000) + "}");

	private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain",
			"application/octet-stream", "image/png", "multipart/form-data", "multipart/form-data; boundary=",
			"application/json; charset=utf-16", "*/*", "text/html; charset=nonsense", ";", "a/b/c",
			"application/problem+json", "");

	private final SplittableRandom random;

	private final String probeFileId;

	/**
	 * @param seed the run's seed
	 * @param route each route draws from its own sequence, so one route's values do not
	 * depend on which other routes ran
	 * @param probeFileId the id of alice's probe file, one of the ids drawn
	 */
	GatewayInputs(long seed, String route, String probeFileId) {
		this.random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * route.hashCode()));
		this.probeFileId = probeFileId;
	}

	/** A text parameter; null (left out) one time in five. */
	@Nullable String text() {
		return orNull(0.2, this::presentText);
	}

	String presentText() {
		return switch (this.random.nextInt(6)) {
			case 0 -> codePoints(40);
			case 1 -> chars(0x0000, 0xffff, 20); // lone surrogates included
			case 2 -> chars(0x0000, 0x00ff, 30);
			case 3 -> fromAlphabet(SPECIALS, 12);
			case 4 -> pick(ODD_TEXTS);
			default -> alpha(250 + this.random.nextInt(151));
		};
	}

	/** A text that is never null or empty (path segments such as ids). */
	String nonEmptyText() {
		String text = presentText();
		while (text.isEmpty()) {
			text = presentText();
		}
		return text;
	}

	@Nullable String number() {
		return orNull(0.2, () -> switch (this.random.nextInt(4)) {
			case 0 -> String.valueOf(anyInt());
			case 1 -> String.valueOf(anyLong());
			case 2 -> pick(NUMBERS);
			default -> presentText();
		});
	}

	/**
	 * Listing cursors: well-formed base64url("instant|id") with odd parts, random bytes,
	 * texts.
	 */
	@Nullable String cursor() {
		return orNull(0.2, () -> switch (this.random.nextInt(3)) {
			case 0 -> {
				String instant = Instant
					.ofEpochSecond(this.random.nextBoolean()
							? this.random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond() + 1)
							: pick(List.of(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond(), 0L, -1L)))
					.toString();
				String id = this.random.nextBoolean() ? uuid().toString() : codePoints(40);
				yield base64(instant + "|" + id);
			}
			case 1 -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(80));
			default -> presentText();
		});
	}

	/** File ids: random and almost-UUIDs, alice's probe file, odd fixed values, texts. */
	String id() {
		return switch (this.random.nextInt(5)) {
			case 0 -> uuid().toString();
			case 1 -> {
				String uuid = uuid().toString();
				int at = this.random.nextInt(36);
				yield uuid.substring(0, at) + (char) this.random.nextInt(0x10000) + uuid.substring(at + 1);
			}
			case 2 -> this.probeFileId;
			case 3 -> pick(List.of("00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
					"1-1-1-1-1", "not-a-uuid", "%00", ".", ".."));
			default -> nonEmptyText();
		};
	}

	UUID uuid() {
		// Version 4, variant 2, like UUID.randomUUID(), but from the seeded source.
		long most = (this.random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (this.random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(most, least);
	}

	@Nullable String mode() {
		return orNull(0.3, () -> this.random.nextBoolean() ? pick(List.of("redirect", "stream", "url", "STREAM", ""))
				: presentText());
	}

	/** Range headers: one range, many, suffix and open ranges, odd units, texts. */
	@Nullable String range() {
		return orNull(0.2, () -> switch (this.random.nextInt(6)) {
			case 0 -> "bytes=" + oneRange();
			case 1 -> {
				List<String> ranges = new ArrayList<>();
				for (int i = 2 + this.random.nextInt(29); i > 0; i--) {
					ranges.add(oneRange());
				}
				yield "bytes=" + String.join(",", ranges);
			}
			case 2 -> "bytes=-" + position();
			case 3 -> "bytes=" + position() + "-";
			case 4 -> pick(List.of("bytes=", "bytes=-", "items=0-1", "bytes=0-0,-1", "bytes=1-0", "bytes = 0-1"));
			default -> presentText();
		});
	}

	/**
	 * JSON documents: small objects of known and unknown members, bare values, broken
	 * JSON, texts.
	 */
	String jsonBody() {
		return switch (this.random.nextInt(4)) {
			case 0 -> {
				List<String> members = new ArrayList<>();
				for (int i = this.random.nextInt(5); i > 0; i--) {
					members.add(jsonString(pick(List.of("type", "name", "status", "extra", ""))) + ":" + jsonValue());
				}
				yield "{" + String.join(",", members) + "}";
			}
			case 1 -> jsonValue();
			case 2 -> orEmpty(text());
			default -> pick(JSON_DOCUMENTS);
		};
	}

	@Nullable String contentType() {
		return orNull(0.2, () -> this.random.nextBoolean() ? pick(CONTENT_TYPES) : presentText());
	}

	byte[] body() {
		return switch (this.random.nextInt(3)) {
			case 0 -> bytes(2000);
			case 1 -> new byte[0];
			default -> "--b\r\n".getBytes(StandardCharsets.US_ASCII);
		};
	}

	/** Multipart form fields before the file part: known names and texts. */
	List<Map.Entry<String, String>> fields() {
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		for (int i = this.random.nextInt(6); i > 0; i--) {
			String name = this.random.nextBoolean()
					? pick(List.of("private", "folder", "attachedToType", "attachedToName", "file", "name"))
					: orEmpty(text());
			fields.add(Map.entry(name, orEmpty(text())));
		}
		return fields;
	}

	String method() {
		return pick(List.of("GET", "HEAD", "DELETE", "PUT", "PATCH", "OPTIONS", "POST"));
	}

	/** A TUS request's method: the protocol's, and others. */
	String tusMethod() {
		return pick(List.of("POST", "HEAD", "PATCH", "PATCH", "DELETE", "OPTIONS", "GET", "PUT"));
	}

	/** One of {@code 0 … count - 1}. */
	int choice(int count) {
		return this.random.nextInt(count);
	}

	String linkMethod() {
		return pick(List.of("GET", "POST", "DELETE", "PUT"));
	}

	boolean bool() {
		return this.random.nextBoolean();
	}

	static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	static String jsonString(@Nullable String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder json = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	// --- building blocks

	private String jsonValue() {
		return switch (this.random.nextInt(3)) {
			case 0 -> jsonString(text());
			case 1 -> {
				String number = number();
				yield (number != null) ? number : "null";
			}
			default -> pick(JSON_VALUES);
		};
	}

	private String oneRange() {
		return position() + "-" + position();
	}

	private long position() {
		return switch (this.random.nextInt(3)) {
			case 0 -> anyLong();
			case 1 -> this.random.nextLong(-5, 21);
			default -> pick(List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L));
		};
	}

	/** Any int, the edges one time in four. */
	private int anyInt() {
		return (this.random.nextInt(4) == 0) ? pick(List.of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE))
				: this.random.nextInt();
	}

	private long anyLong() {
		return (this.random.nextInt(4) == 0) ? pick(List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE))
				: this.random.nextLong();
	}

	/** Up to maxLength code points, each from a randomly chosen script. */
	private String codePoints(int maxLength) {
		StringBuilder text = new StringBuilder();
		for (int i = length(maxLength); i > 0; i--) {
			int[] script = SCRIPTS[this.random.nextInt(SCRIPTS.length)];
			text.appendCodePoint(this.random.nextInt(script[0], script[1] + 1));
		}
		return text.toString();
	}

	private String chars(int first, int last, int maxLength) {
		StringBuilder text = new StringBuilder();
		for (int i = length(maxLength); i > 0; i--) {
			text.append((char) this.random.nextInt(first, last + 1));
		}
		return text.toString();
	}

	private String fromAlphabet(String alphabet, int maxLength) {
		StringBuilder text = new StringBuilder();
		for (int i = length(maxLength); i > 0; i--) {
			text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	private String alpha(int length) {
		String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
		StringBuilder text = new StringBuilder();
		for (int i = length; i > 0; i--) {
			text.append(letters.charAt(this.random.nextInt(letters.length())));
		}
		return text.toString();
	}

	/** 0 to max, with the empty and the longest string more likely than the rest. */
	private int length(int max) {
		return switch (this.random.nextInt(8)) {
			case 0 -> 0;
			case 1 -> max;
			default -> this.random.nextInt(max + 1);
		};
	}

	private byte[] bytes(int maxLength) {
		byte[] bytes = new byte[length(maxLength)];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private @Nullable String orNull(double chance, Supplier<String> value) {
		return (this.random.nextDouble() < chance) ? null : value.get();
	}

	private static String base64(String raw) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

}
