package com.cloudstorage.files.localstack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

import static com.cloudstorage.files.localstack.GatewayProbe.Probe;
import static com.cloudstorage.files.localstack.GatewayProbe.encode;
import static com.cloudstorage.files.localstack.GatewayProbe.headers;
import static com.cloudstorage.files.localstack.GatewayProbe.query;

/**
 * Generated values for every parameter of every public route, through the gateway of the
 * shared real stack (real metadata-, storage- and share-link-service, PostgreSQL, Kafka,
 * S3): no input yields a 5xx, and a refused request changes no state (see
 * {@link GatewayProbe}). Tries are modest so the whole class takes about a minute or two.
 */
class GatewayInputPropertyIntegrationTests {

	private static final int TRIES = 25;

	static GatewayProbe probe;

	@BeforeContainer
	static void startStack() throws Exception {
		probe = GatewayProbe.get();
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void listing(@ForAll("texts") String folder, @ForAll("texts") String attachedToType,
			@ForAll("texts") String attachedToName, @ForAll("texts") String q, @ForAll("cursors") String cursor,
			@ForAll("numbers") String limit) throws Exception {
		probe.check(
				new Probe(
						"GET", "/api/v1/files" + query("folder", folder, "attachedToType", attachedToType,
								"attachedToName", attachedToName, "q", q, "cursor", cursor, "limit", limit),
						auth(), null));
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void oneFile(@ForAll("methods") String method, @ForAll("ids") String id, @ForAll("texts") String force)
			throws Exception {
		// DELETE only ever aims at ids that are not alice's probe file (a valid delete
		// would be no rejection).
		String target = ("DELETE".equals(method) && id.equals(probe.fileId)) ? UUID.randomUUID().toString() : id;
		probe.check(new Probe(method, "/api/v1/files/" + encode(target) + query("force", force), auth(), null));
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void content(@ForAll("ids") String id, @ForAll("modes") String mode, @ForAll("ranges") String range,
			@ForAll("texts") String ifNoneMatch, @ForAll("texts") String ifRange) throws Exception {
		probe.check(new Probe("GET", "/api/v1/files/" + encode(id) + "/content" + query("mode", mode),
				headers("Authorization", probe.alice, "Range", headerSafe(range), "If-None-Match",
						headerSafe(ifNoneMatch), "If-Range", headerSafe(ifRange)),
				null));
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void attachments(@ForAll("ids") String id, @ForAll("jsonBodies") String body, @ForAll("texts") String type,
			@ForAll("texts") String name, @ForAll boolean attach) throws Exception {
		if (attach) {
			probe.check(new Probe("POST", "/api/v1/files/" + encode(id) + "/attachments",
					headers("Authorization", probe.alice, "Content-Type", "application/json"),
					body.getBytes(StandardCharsets.UTF_8)));
		}
		else {
			probe.check(new Probe("DELETE", "/api/v1/files/" + encode(id) + "/attachments/" + encode(orEmpty(type))
					+ "/" + encode(orEmpty(name)), auth(), null));
		}
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void documents(@ForAll("texts") String type, @ForAll("texts") String name, @ForAll("jsonBodies") String body,
			@ForAll("contentTypes") String contentType) throws Exception {
		probe.check(new Probe("PUT", "/api/v1/documents/" + encode(orEmpty(type)) + "/" + encode(orEmpty(name)),
				headers("Authorization", probe.alice, "Content-Type", headerSafe(contentType)),
				body.getBytes(StandardCharsets.UTF_8)));
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void rawUpload(@ForAll("texts") String name, @ForAll("texts") String folder, @ForAll("texts") String isPrivate,
			@ForAll("texts") String attachedToType, @ForAll("texts") String attachedToName,
			@ForAll("contentTypes") String contentType, @ForAll("bodies") byte[] body, @ForAll boolean put)
			throws Exception {
		probe.check(new Probe(put ? "PUT" : "POST",
				"/api/v1/files" + query("name", name, "folder", folder, "private", isPrivate, "attachedToType",
						attachedToType, "attachedToName", attachedToName),
				headers("Authorization", probe.alice, "Content-Type", headerSafe(contentType)), body));
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void multipartUpload(@ForAll("fields") List<Map.Entry<String, String>> fields, @ForAll("texts") String filename,
			@ForAll("texts") String partName, @ForAll("contentTypes") String partType, @ForAll("bodies") byte[] bytes,
			@ForAll boolean closed) throws Exception {
		String boundary = "b" + UUID.randomUUID();
		StringBuilder head = new StringBuilder();
		for (Map.Entry<String, String> field : fields) {
			head.append("--")
				.append(boundary)
				.append("\r\nContent-Disposition: form-data; name=\"")
				.append(quoted(field.getKey()))
				.append("\"\r\n\r\n")
				.append(field.getValue())
				.append("\r\n");
		}
		head.append("--")
			.append(boundary)
			.append("\r\nContent-Disposition: form-data; name=\"")
			.append(quoted((partName != null) ? partName : "file"))
			.append('"');
		if (filename != null) {
			head.append("; filename=\"").append(quoted(filename)).append('"');
		}
		if (partType != null) {
			head.append("\r\nContent-Type: ").append(headerSafe(partType));
		}
		head.append("\r\n\r\n");
		byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
		byte[] end = (closed ? "\r\n--" + boundary + "--\r\n" : "").getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[start.length + bytes.length + end.length];
		System.arraycopy(start, 0, body, 0, start.length);
		System.arraycopy(bytes, 0, body, start.length, bytes.length);
		System.arraycopy(end, 0, body, start.length + bytes.length, end.length);
		probe.check(new Probe("POST", "/api/v1/files",
				headers("Authorization", probe.alice, "Content-Type", "multipart/form-data; boundary=" + boundary),
				body));
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void sharingLinks(@ForAll("linkMethods") String method, @ForAll("ids") String id, @ForAll boolean reset,
			@ForAll("texts") String extra) throws Exception {
		String path = "/api/v1/files/" + encode(id) + "/share-link" + (reset ? "/reset" : "");
		// Changing the probe file's own link is a legitimate write: aim those at other
		// ids, read it freely.
		if (!"GET".equals(method) && id.equals(probe.fileId)) {
			path = "/api/v1/files/" + UUID.randomUUID() + "/share-link" + (reset ? "/reset" : "");
		}
		probe.check(new Probe(method, path + query("x", extra), auth(), null));
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void publicLinks(@ForAll("texts") String token, @ForAll("texts") String accept, @ForAll boolean head)
			throws Exception {
		probe.check(new Probe(head ? "HEAD" : "GET", "/s/" + encode(orEmpty(token)),
				headers("Accept", headerSafe(accept)), null));
	}

	@Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
	void authorizationHeaders(@ForAll("texts") String authorization, @ForAll("methods") String method)
			throws Exception {
		probe.check(
				new Probe(method, "/api/v1/files", headers("Authorization", headerSafe(orEmpty(authorization))), null));
	}

	// --- generators

	@Provide
	Arbitrary<String> texts() {
		return Arbitraries
			.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.strings().all().ofMaxLength(20),
					Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(30),
					Arbitraries.strings().withChars("/\\.%;:?#&=+ '\"<>{}[]|*`$!@~\t\r\n").ofMaxLength(12),
					Arbitraries.of("", " ", "..", ".", "%2e%2e", "null", "true", "false", "0", "-1",
							"'; drop table x;--", "\u0000", "\uFEFF", "\uD800", "a".repeat(1000), "x".repeat(70_000),
							"Sales Invoice", "INV-1", "probe"),
					Arbitraries.strings().alpha().ofMinLength(250).ofMaxLength(400))
			.injectNull(0.2);
	}

	@Provide
	Arbitrary<String> numbers() {
		return Arbitraries
			.oneOf(Arbitraries.integers().map(String::valueOf), Arbitraries.longs().map(String::valueOf),
					Arbitraries.of("0", "-1", "1", "100", "101", "1000", "2147483648", "-2147483649", "1e3", "1.5", "",
							" 5", "0x10", "NaN", "99999999999999999999"),
					texts())
			.injectNull(0.2);
	}

	@Provide
	Arbitrary<String> cursors() {
		Arbitrary<String> instants = Arbitraries.longs()
			.between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
			.map((seconds) -> Instant.ofEpochSecond(seconds).toString());
		Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.create(UUID::randomUUID).map(UUID::toString),
				Arbitraries.strings().ofMaxLength(40));
		Arbitrary<String> wellFormed = Combinators.combine(instants, ids)
			.as((instant, id) -> base64(instant + "|" + id));
		Arbitrary<String> randomBytes = Arbitraries.bytes()
			.array(byte[].class)
			.ofMaxSize(80)
			.map((bytes) -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
		return Arbitraries.oneOf(wellFormed, randomBytes, texts()).injectNull(0.2);
	}

	@Provide
	Arbitrary<String> ids() {
		Arbitrary<String> uuids = Arbitraries.create(UUID::randomUUID).map(UUID::toString);
		Arbitrary<String> nearUuids = Combinators
			.combine(uuids, Arbitraries.integers().between(0, 35), Arbitraries.chars())
			.as((uuid, at, c) -> uuid.substring(0, at) + c + uuid.substring(at + 1));
		return Arbitraries.oneOf(uuids, nearUuids, Arbitraries.create(() -> probe.fileId),
				Arbitraries.of("00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
						"1-1-1-1-1", "not-a-uuid", "%00", ".", ".."),
				texts().map(GatewayInputPropertyIntegrationTests::orEmpty).filter((id) -> !id.isEmpty()));
	}

	@Provide
	Arbitrary<String> modes() {
		return Arbitraries.oneOf(Arbitraries.of("redirect", "stream", "url", "STREAM", ""), texts()).injectNull(0.3);
	}

	@Provide
	Arbitrary<String> ranges() {
		Arbitrary<Long> positions = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-5, 20),
				Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L));
		Arbitrary<String> oneRange = Combinators.combine(positions, positions).as((first, last) -> first + "-" + last);
		return Arbitraries.oneOf(oneRange.map((range) -> "bytes=" + range),
				oneRange.list().ofMinSize(2).ofMaxSize(30).map((ranges) -> "bytes=" + String.join(",", ranges)),
				positions.map((n) -> "bytes=-" + n), positions.map((n) -> "bytes=" + n + "-"),
				Arbitraries.of("bytes=", "bytes=-", "items=0-1", "bytes=0-0,-1", "bytes=1-0", "bytes = 0-1"), texts())
			.injectNull(0.2);
	}

	@Provide
	Arbitrary<String> jsonBodies() {
		Arbitrary<String> value = Arbitraries.oneOf(texts().map(GatewayInputPropertyIntegrationTests::jsonString),
				numbers().map((n) -> (n == null) ? "null" : n), Arbitraries.of("null", "true", "[]", "{}", "1e999",
						"-0", "\"\\ud800\"", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"));
		Arbitrary<String> objects = Combinators.combine(Arbitraries.of("type", "name", "status", "extra", ""), value)
			.as((key, v) -> jsonString(key) + ":" + v)
			.list()
			.ofMaxSize(4)
			.map((members) -> "{" + String.join(",", members) + "}");
		return Arbitraries.oneOf(objects, value, texts().map(GatewayInputPropertyIntegrationTests::orEmpty),
				Arbitraries.of("{\"type\":\"T\",\"name\":\"N\"}", "{\"status\":\"submitted\"}", "{", "[1,2",
						"{\"type\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
	}

	@Provide
	Arbitrary<String> contentTypes() {
		return Arbitraries
			.oneOf(Arbitraries.of("application/json", "text/plain", "application/octet-stream", "image/png",
					"multipart/form-data", "multipart/form-data; boundary=", "application/json; charset=utf-16", "*/*",
					"text/html; charset=nonsense", ";", "a/b/c", "application/problem+json"), texts())
			.injectNull(0.2);
	}

	@Provide
	Arbitrary<byte[]> bodies() {
		return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(2000), Arbitraries.just(new byte[0]),
				Arbitraries.just("--b\r\n".getBytes(StandardCharsets.US_ASCII)));
	}

	@Provide
	Arbitrary<List<Map.Entry<String, String>>> fields() {
		Arbitrary<String> names = Arbitraries.oneOf(
				Arbitraries.of("private", "folder", "attachedToType", "attachedToName", "file", "name"),
				texts().map(GatewayInputPropertyIntegrationTests::orEmpty));
		return Combinators.combine(names, texts().map(GatewayInputPropertyIntegrationTests::orEmpty))
			.as((name, value) -> Map.entry(name, value))
			.list()
			.ofMaxSize(5)
			.map(ArrayList::new);
	}

	@Provide
	Arbitrary<String> methods() {
		return Arbitraries.of("GET", "HEAD", "DELETE", "PUT", "PATCH", "OPTIONS", "POST");
	}

	@Provide
	Arbitrary<String> linkMethods() {
		return Arbitraries.of("GET", "POST", "DELETE", "PUT");
	}

	// --- helpers

	private static Map<String, String> auth() {
		return headers("Authorization", probe.alice);
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

	/**
	 * What Java's HTTP client accepts in a header value (no control characters, Latin-1);
	 * raw bytes in headers are in the corpus instead.
	 */
	private static String headerSafe(String value) {
		if (value == null) {
			return null;
		}
		StringBuilder safe = new StringBuilder();
		value.codePoints().filter((c) -> c >= 0x20 && c < 0x7f).limit(8000).forEach((c) -> safe.append((char) c));
		return safe.toString().strip();
	}

	private static String quoted(String value) {
		return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
	}

	private static String jsonString(String value) {
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

	private static String base64(String raw) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

}
