package com.cloudstorage.files.metadata;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Every route fed with inputs a client can craft (bad UUIDs, NUL bytes, huge numbers,
 * times outside PostgreSQL's range, over-long strings, broken JSON): each must be refused
 * with a 4xx problem+json and a code, never a 5xx. {@code {file}} in a path stands for an
 * AVAILABLE file of the caller, {@code {pending}} for a PENDING reservation.
 */
class BadInputIntegrationTests extends IntegrationTestSupport {

	private static final String OWNER = "bad-input-owner";

	private static final String[] ALL = { READ, WRITE, DELETE, ADMIN, DOCUMENTS, "files:share" };

	private static final String LONG = "x".repeat(256);

	private static final String NUL = "a%00b";

	private static UUID file;

	private static UUID pending;

	@BeforeEach
	void files() {
		// Once for all cases: no case may change them.
		if (file == null) {
			file = upload(OWNER, "bad-input.txt", true, null);
			pending = reserve(OWNER, reservation("pending.txt", true, null, List.of()));
		}
	}

	static Stream<Arguments> badInputs() {
		String uuid = UUID.randomUUID().toString();
		return Stream.concat(invalidFileNames(), Stream.of(
				// Listing: cursors outside PostgreSQL's range or not ours at all.
				bad("cursor far future", "GET", "/api/v1/files?cursor=" + cursor("+275760-09-13T00:00:00Z|" + uuid),
						null, 400, "InvalidRequest"),
				bad("cursor year 10000", "GET", "/api/v1/files?cursor=" + cursor("+10000-01-01T00:00:00Z|" + uuid),
						null, 400, "InvalidRequest"),
				bad("cursor far past", "GET", "/api/v1/files?cursor=" + cursor("-4714-11-24T00:00:00Z|" + uuid), null,
						400, "InvalidRequest"),
				bad("cursor before 1970", "GET", "/api/v1/files?cursor=" + cursor("1969-12-31T23:59:59Z|" + uuid), null,
						400, "InvalidRequest"),
				bad("cursor bad uuid", "GET", "/api/v1/files?cursor=" + cursor("2026-01-01T00:00:00Z|nope"), null, 400,
						"InvalidRequest"),
				bad("cursor NUL", "GET", "/api/v1/files?cursor=" + cursor("2026-01-01T00:00:00Z\u0000|" + uuid), null,
						400, "InvalidRequest"),
				bad("cursor not base64", "GET", "/api/v1/files?cursor=%25%25%25", null, 400, "InvalidRequest"),
				bad("cursor over-long", "GET", "/api/v1/files?cursor=" + "QUFB".repeat(500), null, 400,
						"InvalidRequest"),
				bad("limit huge", "GET", "/api/v1/files?limit=99999999999999999999", null, 400, "InvalidRequest"),
				bad("limit negative", "GET", "/api/v1/files?limit=-1", null, 400, "InvalidRequest"),
				bad("limit over max", "GET", "/api/v1/files?limit=201", null, 400, "InvalidRequest"),
				bad("limit zero", "GET", "/api/v1/files?limit=0", null, 400, "InvalidRequest"),
				bad("limit not a number", "GET", "/api/v1/files?limit=many", null, 400, "InvalidRequest"),
				bad("cursor garbage", "GET", "/api/v1/files?cursor=garbage", null, 400, "InvalidRequest"),
				// Routes and methods.
				bad("unknown route", "GET", "/api/v1/nothing-here", null, 404, "NotFound"),
				bad("unknown method", "PATCH", "/api/v1/files/{file}", null, 405, "MethodNotAllowed"),
				bad("folder NUL", "GET", "/api/v1/files?folder=" + NUL, null, 400, "InvalidRequest"),
				bad("folder over-long", "GET", "/api/v1/files?folder=" + LONG, null, 400, "InvalidRequest"),
				bad("q NUL", "GET", "/api/v1/files?q=" + NUL, null, 400, "InvalidRequest"),
				bad("q over-long", "GET", "/api/v1/files?q=" + LONG, null, 400, "InvalidRequest"),
				bad("attachedToType NUL", "GET", "/api/v1/files?attachedToType=" + NUL + "&attachedToName=n", null, 400,
						"InvalidRequest"),
				bad("attachedToName over-long", "GET", "/api/v1/files?attachedToType=t&attachedToName=" + LONG, null,
						400, "InvalidRequest"),
				bad("attachedToName alone", "GET", "/api/v1/files?attachedToName=n", null, 400, "InvalidRequest"),
				// Ids.
				bad("get bad uuid", "GET", "/api/v1/files/not-a-uuid", null, 400, "InvalidRequest"),
				bad("get NUL id", "GET", "/api/v1/files/" + NUL, null, 400, "InvalidRequest"),
				bad("get over-long id", "GET", "/api/v1/files/" + LONG, null, 400, "InvalidRequest"),
				bad("delete bad uuid", "DELETE", "/api/v1/files/123", null, 400, "InvalidRequest"),
				bad("delete bad force", "DELETE", "/api/v1/files/{file}?force=maybe", null, 400, "InvalidRequest"),
				bad("location bad uuid", "GET", "/internal/v1/files/zz/location", null, 400, "InvalidRequest"),
				bad("abort bad uuid", "POST", "/internal/v1/uploads/zz/abort", null, 400, "InvalidRequest"),
				bad("share-link bad uuid", "POST", "/api/v1/files/zz/share-link", null, 400, "InvalidRequest"),
				bad("share-link reset bad uuid", "POST", "/api/v1/files/zz/share-link/reset", null, 400,
						"InvalidRequest"),
				bad("share-link revoke bad uuid", "DELETE", "/api/v1/files/zz/share-link", null, 400, "InvalidRequest"),
				// Attachments.
				bad("attach NUL type", "POST", "/api/v1/files/{file}/attachments",
						"{\"type\":\"a\\u0000b\",\"name\":\"n\"}", 400, "InvalidRequest"),
				bad("attach over-long name", "POST", "/api/v1/files/{file}/attachments",
						"{\"type\":\"t\",\"name\":\"" + LONG + "\"}", 400, "InvalidRequest"),
				bad("attach null body", "POST", "/api/v1/files/{file}/attachments", "null", 400, "InvalidRequest"),
				bad("attach empty body", "POST", "/api/v1/files/{file}/attachments", "", 400, "InvalidRequest"),
				bad("attach array body", "POST", "/api/v1/files/{file}/attachments", "[1,2]", 400, "InvalidRequest"),
				bad("attach broken JSON", "POST", "/api/v1/files/{file}/attachments", "{\"type\":", 400,
						"InvalidRequest"),
				bad("attach deep JSON", "POST", "/api/v1/files/{file}/attachments",
						"{\"type\":" + "[".repeat(2000) + "]".repeat(2000) + "}", 400, "InvalidRequest"),
				bad("detach NUL name", "DELETE", "/api/v1/files/{file}/attachments/t/" + NUL, null, 400,
						"InvalidRequest"),
				bad("detach over-long type", "DELETE", "/api/v1/files/{file}/attachments/" + LONG + "/n", null, 400,
						"InvalidRequest"),
				// Documents.
				bad("document NUL name", "PUT", "/api/v1/documents/t/" + NUL, "{\"status\":\"draft\"}", 400,
						"InvalidRequest"),
				bad("document over-long type", "PUT", "/api/v1/documents/" + LONG + "/n", "{\"status\":\"draft\"}", 400,
						"InvalidRequest"),
				bad("document status NUL", "PUT", "/api/v1/documents/t/n", "{\"status\":\"dr\\u0000aft\"}", 400,
						"InvalidRequest"),
				bad("document status number", "PUT", "/api/v1/documents/t/n", "{\"status\":1}", 400, "InvalidRequest"),
				bad("document no body", "PUT", "/api/v1/documents/t/n", "", 400, "InvalidRequest"),
				bad("document unknown status", "PUT", "/api/v1/documents/t/n", "{\"status\":\"approved\"}", 400,
						"InvalidRequest"),
				bad("document unknown field", "PUT", "/api/v1/documents/t/n", "{\"status\":\"draft\",\"extra\":1}", 400,
						"InvalidRequest"),
				// Reservations.
				bad("reserve NUL name", "POST", "/internal/v1/uploads", "{\"name\":\"a\\u0000b\"}", 400,
						"InvalidFileName"),
				bad("reserve NUL content type", "POST", "/internal/v1/uploads",
						"{\"name\":\"a\",\"contentType\":\"text/\\u0000\"}", 400, "InvalidRequest"),
				bad("reserve over-long content type", "POST", "/internal/v1/uploads",
						"{\"name\":\"a\",\"contentType\":\"" + LONG + "\"}", 400, "InvalidRequest"),
				bad("reserve NUL folder", "POST", "/internal/v1/uploads", "{\"name\":\"a\",\"folder\":\"f\\u0000\"}",
						400, "InvalidRequest"),
				bad("reserve null attachment", "POST", "/internal/v1/uploads",
						"{\"name\":\"a\",\"attachments\":[null]}", 400, "InvalidRequest"),
				bad("reserve NUL attachment", "POST", "/internal/v1/uploads",
						"{\"name\":\"a\",\"attachments\":[{\"type\":\"\\u0000\",\"name\":\"n\"}]}", 400,
						"InvalidRequest"),
				bad("reserve huge private", "POST", "/internal/v1/uploads", "{\"name\":\"a\",\"private\":1e999}", 400,
						"InvalidRequest"),
				bad("reserve null body", "POST", "/internal/v1/uploads", "null", 400, "InvalidRequest"),
				bad("reserve unknown field", "POST", "/internal/v1/uploads", "{\"name\":\"a.txt\",\"colour\":\"red\"}",
						400, "InvalidRequest"),
				bad("reserve private as text", "POST", "/internal/v1/uploads",
						"{\"name\":\"a.txt\",\"private\":\"yes\"}", 400, "InvalidRequest"),
				bad("reserve name as number", "POST", "/internal/v1/uploads", "{\"name\":123}", 400, "InvalidRequest"),
				bad("reserve attachments as text", "POST", "/internal/v1/uploads",
						"{\"name\":\"a.txt\",\"attachments\":\"x\"}", 400, "InvalidRequest"),
				bad("reserve broken JSON", "POST", "/internal/v1/uploads", "{\"name\":", 400, "InvalidRequest"),
				bad("reserve folder with dot-dot", "POST", "/internal/v1/uploads",
						"{\"name\":\"a.txt\",\"folder\":\"a/../b\"}", 400, "InvalidRequest"),
				// Completion.
				bad("complete size as text", "POST", "/internal/v1/uploads/{pending}/complete",
						complete("\"size\":\"big\""), 400, "InvalidRequest"),
				bad("complete sha256 not hex", "POST", "/internal/v1/uploads/{pending}/complete",
						"{\"bucket\":\"files\",\"size\":1,\"sha256\":\"not-hex\"}", 400, "InvalidRequest"),
				bad("complete huge size", "POST", "/internal/v1/uploads/{pending}/complete",
						complete("\"size\":99999999999999999999999"), 400, "InvalidRequest"),
				bad("complete float size", "POST", "/internal/v1/uploads/{pending}/complete",
						complete("\"size\":1e300"), 400, "InvalidRequest"),
				bad("complete NUL bucket", "POST", "/internal/v1/uploads/{pending}/complete",
						complete("\"size\":1,\"bucket\":\"b\\u0000\""), 400, "InvalidRequest"),
				bad("complete over-long bucket", "POST", "/internal/v1/uploads/{pending}/complete",
						complete("\"size\":1,\"bucket\":\"" + LONG + "\""), 400, "InvalidRequest"),
				bad("complete NUL etag", "POST", "/internal/v1/uploads/{pending}/complete",
						complete("\"size\":1,\"etag\":\"\\u0000\""), 400, "InvalidRequest"),
				bad("complete over-long etag", "POST", "/internal/v1/uploads/{pending}/complete",
						complete("\"size\":1,\"etag\":\"" + LONG + "\""), 400, "InvalidRequest"),
				bad("complete NUL folder", "POST", "/internal/v1/uploads/{pending}/complete",
						complete("\"size\":1,\"folder\":\"\\u0000\""), 400, "InvalidRequest"),
				bad("complete over-long attachment", "POST", "/internal/v1/uploads/{pending}/complete",
						complete("\"size\":1,\"attachments\":[{\"type\":\"t\",\"name\":\"" + LONG + "\"}]"), 400,
						"InvalidRequest")));
	}

	/**
	 * Names no file may have: empty, a path, dot names, control characters, over 255
	 * bytes.
	 */
	static Stream<Arguments> invalidFileNames() {
		return Stream.of("", "a/b", "a\\b", ".", "..", "bell\u0007", "tab\tname", "é".repeat(128))
			.map((name) -> bad("reserve named " + printable(name), "POST", "/internal/v1/uploads",
					"{\"name\":\"" + jsonEscaped(name) + "\"}", 400, "InvalidFileName"));
	}

	private static String jsonEscaped(String text) {
		StringBuilder escaped = new StringBuilder();
		for (char c : text.toCharArray()) {
			if (c == '\\' || c == '"') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static String printable(String name) {
		String shown = name.replaceAll("\\p{Cntrl}", "?");
		return "'" + ((shown.length() > 20) ? shown.substring(0, 20) + "…" : shown) + "'";
	}

	@ParameterizedTest
	@MethodSource("badInputs")
	void isRefusedWithAProblem(String method, String path, String body, int status, String code) {
		String resolved = path.replace("{file}", file.toString()).replace("{pending}", pending.toString());
		// Already encoded: NUL stays %00 on the wire.
		WebTestClient.RequestBodySpec request = this.http.method(HttpMethod.valueOf(method))
			.uri(URI.create("http://127.0.0.1:" + this.port + resolved))
			.headers(resolved.startsWith("/internal/") ? asGatewayFor(OWNER, ALL)
					: (headers) -> headers.set("Authorization", bearer(OWNER, ALL)));
		WebTestClient.ResponseSpec response = (body != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange() : request.exchange();
		expectProblem(response, status, code);
	}

	private static Arguments bad(String name, String method, String path, String body, int status, String code) {
		return argumentSet(name, method, path, body, status, code);
	}

	private static String cursor(String raw) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	private static String complete(String fields) {
		return "{\"bucket\":\"files\",\"sha256\":\"" + "a".repeat(64) + "\"," + fields + "}";
	}

}
