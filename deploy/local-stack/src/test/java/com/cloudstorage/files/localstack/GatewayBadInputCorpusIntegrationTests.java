package com.cloudstorage.files.localstack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static com.cloudstorage.files.localstack.GatewayProbe.Probe;
import static com.cloudstorage.files.localstack.GatewayProbe.encode;
import static com.cloudstorage.files.localstack.GatewayProbe.headers;

/**
 * Known-bad inputs, one by one, through the gateway of the shared real stack: each is
 * refused or answered, never with a 5xx, and a refused one changes no state.
 */
class GatewayBadInputCorpusIntegrationTests {

	static GatewayProbe probe;

	@BeforeAll
	static void startStack() throws Exception {
		probe = GatewayProbe.get();
	}

	@ParameterizedTest(name = "{index}: {0}")
	@MethodSource("corpus")
	void isNeverAServerError(String name, Probe request) throws Exception {
		probe.check(request.withAlice(probe));
	}

	static List<Arguments> corpus() {
		List<Arguments> corpus = new ArrayList<>();
		String id = GatewayProbe.FILE;
		UUID unknown = UUID.fromString("7a3e1c52-9b1d-4c8e-a2f0-5d6b7c8d9e0f");
		// Cursors the listing hands out are base64url("instant|uuid").
		for (String instant : List.of("+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z",
				"+294277-01-01T00:00:00Z", "-4714-11-23T00:00:00Z", "0000-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
				"9999-12-31T23:59:59.999999999Z")) {
			corpus.add(list("cursor at " + instant, "cursor=" + base64(instant + "|" + unknown)));
		}
		corpus.add(list("cursor not base64", "cursor=" + encode("!!!")));
		corpus.add(list("cursor without bar", "cursor=" + base64("2020-01-01T00:00:00Z")));
		corpus.add(list("cursor with bad uuid", "cursor=" + base64("2020-01-01T00:00:00Z|x")));
		corpus.add(list("cursor with NUL", "cursor=" + base64("2020-01-01T00:00:00Z\u0000|" + unknown)));
		corpus.add(list("cursor of 64 KiB", "cursor=" + "A".repeat(65_536)));
		for (String limit : List.of("0", "-1", "2147483648", "-2147483649", "abc", "1.5", "", "1e3",
				"99999999999999999999")) {
			corpus.add(list("limit " + limit, "limit=" + encode(limit)));
		}
		for (String field : List.of("folder", "attachedToType", "attachedToName", "q")) {
			corpus.add(list(field + " with NUL", field + "=%00"));
			corpus.add(list(field + " of 100 KiB", field + "=" + "x".repeat(100_000)));
			corpus.add(list(field + " lone surrogate", field + "=%ED%A0%80"));
			corpus.add(list(field + " like wildcard", field + "=" + encode("%_\\")));
		}
		corpus.add(list("repeated parameters", "limit=1&limit=2&cursor=a&cursor=b"));
		corpus.add(raw("invalid percent-encoding in the query", "GET", "/api/v1/files?q=%zz", Map.of(), null));
		corpus.add(raw("raw non-ASCII in the query", "GET", "/api/v1/files?q=\u00e9\u00ff", Map.of(), null));
		corpus.add(raw("invalid percent-encoding in the path", "GET", "/api/v1/files/%zz", Map.of(), null));
		corpus.add(raw("encoded slash in the path", "GET", "/api/v1/files/a%2Fb", Map.of(), null));
		corpus.add(raw("double-dot path", "GET", "/api/v1/files/../../actuator/env", Map.of(), null));
		corpus.add(raw("absolute-form request target", "GET", "http://evil.example/api/v1/files", Map.of(), null));
		corpus.add(raw("header with a raw byte 0xFF", "GET", "/api/v1/files", Map.of("X-Odd", "\u00ff\u0001"), null));
		corpus.add(raw("Content-Length lies (too long)", "POST", "/api/v1/files?name=liar.txt",
				Map.of("Content-Length", "100"), "short".getBytes(StandardCharsets.US_ASCII)));
		corpus.add(raw("Content-Length not a number", "POST", "/api/v1/files?name=x.txt",
				Map.of("Content-Length", "abc"), "x".getBytes(StandardCharsets.US_ASCII)));
		corpus.add(raw("negative Content-Length", "POST", "/api/v1/files?name=x.txt", Map.of("Content-Length", "-1"),
				null));
		corpus.add(raw("broken chunked body", "POST", "/api/v1/files?name=x.txt",
				Map.of("Transfer-Encoding", "chunked"), "zz\r\nabc\r\n".getBytes(StandardCharsets.US_ASCII)));
		for (String fileId : List.of("not-a-uuid", "00000000-0000-0000-0000-000000000000", unknown.toString(), "%00",
				"x".repeat(5000))) {
			corpus.add(get("file " + shorten(fileId), "/api/v1/files/" + encode(fileId)));
			corpus.add(get("content of " + shorten(fileId), "/api/v1/files/" + encode(fileId) + "/content"));
			corpus
				.add(request("delete " + shorten(fileId), "DELETE", "/api/v1/files/" + encode(fileId), Map.of(), null));
		}
		corpus.add(request("delete with force=maybe", "DELETE", "/api/v1/files/" + unknown + "?force=maybe", Map.of(),
				null));
		for (String range : List.of("bytes=5-1", "bytes=-0", "bytes=99999999999999999999-",
				"bytes=0-1," + "2-3,".repeat(500) + "4-5", "bytes=-9223372036854775808", "bytes=abc", "items=0-1",
				"bytes=9223372036854775807-")) {
			corpus.add(request("stream with Range " + shorten(range), "GET",
					"/api/v1/files/" + id + "/content?mode=stream", Map.of("Range", range), null));
		}
		corpus.add(request("stream with If-Range garbage", "GET", "/api/v1/files/" + id + "/content?mode=stream",
				Map.of("Range", "bytes=0-1", "If-Range", "Mon, 99 Foo 2020"), null));
		corpus.add(get("unknown mode", "/api/v1/files/" + id + "/content?mode=" + encode("../")));
		for (String body : List.of("", "{", "[]", "null", "{\"type\":null,\"name\":null}",
				"{\"type\":\"\",\"name\":\"\"}", "{\"type\":\"" + "t".repeat(10_000) + "\",\"name\":\"n\"}",
				"{\"type\":1,\"name\":[]}", "{\"type\":\"T\",\"name\":\"N\",\"type\":\"U\"}",
				"{\"type\":\"a\u0000b\",\"name\":\"N\"}")) {
			corpus.add(request("attach " + shorten(body), "POST", "/api/v1/files/" + id + "/attachments",
					Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8)));
		}
		corpus.add(request("attach as text/plain", "POST", "/api/v1/files/" + id + "/attachments",
				Map.of("Content-Type", "text/plain"), "{\"type\":\"T\",\"name\":\"N\"}".getBytes()));
		corpus.add(request("detach with NUL", "DELETE", "/api/v1/files/" + id + "/attachments/%00/x", Map.of(), null));
		corpus
			.add(request("detach unknown", "DELETE", "/api/v1/files/" + unknown + "/attachments/T/N", Map.of(), null));
		for (String body : List.of("", "{\"status\":null}", "{\"status\":\"exploded\"}", "{\"status\":1}", "[",
				"{\"status\":\"" + "s".repeat(10_000) + "\"}")) {
			corpus.add(request("document status " + shorten(body), "PUT", "/api/v1/documents/T/N",
					Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8)));
		}
		corpus.add(request("document with a 10k name", "PUT", "/api/v1/documents/T/" + "n".repeat(10_000),
				Map.of("Content-Type", "application/json"), "{\"status\":\"draft\"}".getBytes()));
		for (String name : List.of("", "..", "a/b", "a\\b", "\u0000", "x".repeat(10_000), "%00", "con", " ",
				"\uFEFF")) {
			corpus.add(request("raw upload named " + shorten(name), "POST", "/api/v1/files?name=" + encode(name),
					Map.of("Content-Type", "text/plain"), "bytes".getBytes()));
		}
		corpus.add(request("raw upload without name", "POST", "/api/v1/files", Map.of("Content-Type", "text/plain"),
				"bytes".getBytes()));
		corpus.add(request("raw upload private=maybe", "POST", "/api/v1/files?name=a.txt&private=maybe",
				Map.of("Content-Type", "text/plain"), "bytes".getBytes()));
		corpus.add(request("raw upload with half an attachment", "POST", "/api/v1/files?name=a.txt&attachedToType=T",
				Map.of("Content-Type", "text/plain"), "bytes".getBytes()));
		corpus.add(request("raw upload with an unknown field", "POST", "/api/v1/files?name=a.txt&owner=bob",
				Map.of("Content-Type", "text/plain"), "bytes".getBytes()));
		corpus.add(request("raw upload with a broken content type", "POST", "/api/v1/files?name=a.txt",
				Map.of("Content-Type", "text/"), "bytes".getBytes()));
		corpus.add(request("multipart without boundary", "POST", "/api/v1/files",
				Map.of("Content-Type", "multipart/form-data"), "--x\r\n".getBytes()));
		corpus.add(request("multipart, empty", "POST", "/api/v1/files",
				Map.of("Content-Type", "multipart/form-data; boundary=x"), new byte[0]));
		corpus.add(request("multipart, no closing boundary", "POST", "/api/v1/files",
				Map.of("Content-Type", "multipart/form-data; boundary=x"),
				"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc"
					.getBytes(StandardCharsets.US_ASCII)));
		corpus.add(request("multipart, part without disposition", "POST", "/api/v1/files",
				Map.of("Content-Type", "multipart/form-data; boundary=x"),
				"--x\r\n\r\nabc\r\n--x--\r\n".getBytes(StandardCharsets.US_ASCII)));
		corpus.add(request("multipart, file without filename", "POST", "/api/v1/files",
				Map.of("Content-Type", "multipart/form-data; boundary=x"),
				"--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--x--\r\n"
					.getBytes(StandardCharsets.US_ASCII)));
		corpus.add(request("multipart, empty filename", "POST", "/api/v1/files",
				Map.of("Content-Type", "multipart/form-data; boundary=x"),
				"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\nabc\r\n--x--\r\n"
					.getBytes(StandardCharsets.US_ASCII)));
		corpus.add(request("multipart, private=maybe before the file", "POST", "/api/v1/files",
				Map.of("Content-Type", "multipart/form-data; boundary=x"),
				("--x\r\nContent-Disposition: form-data; name=\"private\"\r\n\r\nmaybe\r\n"
						+ "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc\r\n--x--\r\n")
					.getBytes(StandardCharsets.US_ASCII)));
		corpus.add(request("multipart, private=maybe after the file", "POST", "/api/v1/files",
				Map.of("Content-Type", "multipart/form-data; boundary=x"),
				("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc\r\n"
						+ "--x\r\nContent-Disposition: form-data; name=\"private\"\r\n\r\nmaybe\r\n--x--\r\n")
					.getBytes(StandardCharsets.US_ASCII)));
		corpus.add(request("multipart, header of 20 KiB", "POST", "/api/v1/files",
				Map.of("Content-Type", "multipart/form-data; boundary=x"),
				("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + "f".repeat(20_000)
						+ "\"\r\n\r\nabc\r\n--x--\r\n")
					.getBytes(StandardCharsets.US_ASCII)));
		for (String method : List.of("POST", "DELETE")) {
			corpus.add(request(method + " link of an unknown file", method, "/api/v1/files/" + unknown + "/share-link",
					Map.of(), null));
			corpus.add(request(method + " link of a non-uuid", method, "/api/v1/files/not-a-uuid/share-link", Map.of(),
					null));
		}
		corpus.add(request("reset link of an unknown file", "POST", "/api/v1/files/" + unknown + "/share-link/reset",
				Map.of(), null));
		for (String token : List.of("", "%00", "a".repeat(5000), "..", "%2e%2e", "A".repeat(43), "\u00e9")) {
			corpus.add(anonymous("public link " + shorten(token), "/s/" + encode(token)));
		}
		for (String authorization : List.of("Bearer", "Bearer ", "Basic YWxpY2U6YWxpY2Utc2VjcmV0", "Bearer a.b.c",
				"Bearer " + "A".repeat(10_000), "bearer x")) {
			corpus.add(Arguments.of("Authorization " + shorten(authorization),
					new Probe("GET", "/api/v1/files", headers("Authorization", authorization), null)));
		}
		uploadSessions(corpus, unknown);
		tus(corpus, unknown);
		corpus.add(request("wrong method on a known route", "PATCH", "/api/v1/files/" + id, Map.of(), null));
		corpus.add(request("unknown API path", "GET", "/api/v1/nothing-here", Map.of(), null));
		corpus.add(request("Accept nothing we speak", "GET", "/api/v1/files", Map.of("Accept", "image/gif"), null));
		return corpus;
	}

	/** Upload sessions: open bodies, ids, part numbers and counts, calls out of place. */
	private static void uploadSessions(List<Arguments> corpus, UUID unknown) {
		String session = "/api/v1/uploads/" + GatewayProbe.SESSION;
		Map<String, String> json = Map.of("Content-Type", "application/json");
		for (String body : List.of("", "{", "[]", "null", "{\"size\":-1,\"mode\":\"direct\",\"name\":\"a\"}",
				"{\"size\":\"ten\",\"mode\":\"direct\",\"name\":\"a\"}",
				"{\"size\":1e30,\"mode\":\"direct\",\"name\":\"a\"}",
				"{\"size\":9223372036854775808,\"mode\":\"direct\",\"name\":\"a\"}", "{\"size\":10,\"name\":\"a\"}",
				"{\"size\":10,\"mode\":\"carrier-pigeon\",\"name\":\"a\"}", "{\"size\":10,\"mode\":\"direct\"}",
				"{\"size\":10,\"mode\":\"direct\",\"name\":\"..\"}",
				"{\"size\":10,\"mode\":\"direct\",\"name\":\"" + "n".repeat(10_000) + "\"}",
				"{\"size\":10,\"mode\":\"direct\",\"name\":\"a\",\"sha256\":\"xyz\"}",
				"{\"size\":10,\"mode\":\"direct\",\"name\":\"a\",\"attachedToType\":\"T\"}",
				"{\"size\":10,\"mode\":\"direct\",\"name\":\"a\",\"private\":\"maybe\"}",
				"{\"size\":10,\"mode\":\"direct\",\"name\":\"a\",\"partSize\":1}",
				"{\"size\":6442450944,\"mode\":\"direct\",\"name\":\"a\"}",
				"{\"size\":0,\"mode\":\"direct\",\"name\":\"empty.bin\"}")) {
			corpus.add(request("open session " + shorten(body), "POST", "/api/v1/uploads", json,
					body.getBytes(StandardCharsets.UTF_8)));
		}
		corpus
			.add(request("open session as text/plain", "POST", "/api/v1/uploads", Map.of("Content-Type", "text/plain"),
					"{\"size\":10,\"mode\":\"direct\",\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8)));
		for (String sessionId : List.of("not-a-uuid", unknown.toString(), "%00", "x".repeat(5000),
				"00000000-0000-0000-0000-000000000000")) {
			String path = "/api/v1/uploads/" + encode(sessionId);
			corpus.add(get("session " + shorten(sessionId), path));
			corpus.add(request("abort session " + shorten(sessionId), "DELETE", path, Map.of(), null));
			corpus.add(request("complete session " + shorten(sessionId), "POST", path + "/complete", Map.of(), null));
			corpus.add(
					request("part URLs of session " + shorten(sessionId), "POST", path + "/part-urls", Map.of(), null));
			corpus.add(request("part of session " + shorten(sessionId), "PUT", path + "/parts/1",
					Map.of("Content-Type", "application/octet-stream"), new byte[10]));
		}
		for (String number : List.of("0", "-1", "3", "10001", "abc", "99999999999", "1.5", "%00")) {
			corpus.add(request("part " + number + " of the probe session", "PUT", session + "/parts/" + number,
					Map.of("Content-Type", "application/octet-stream"), new byte[10]));
		}
		corpus.add(request("a part longer than its size", "PUT", session + "/parts/2",
				Map.of("Content-Type", "application/octet-stream"), new byte[2 * 1024 * 1024 + 1]));
		corpus.add(request("a part shorter than its size", "PUT", session + "/parts/2",
				Map.of("Content-Type", "application/octet-stream"), new byte[10]));
		corpus.add(request("part URLs of a proxied session", "POST", session + "/part-urls", Map.of(), null));
		for (String query : List.of("first=0", "first=-1", "first=abc", "first=3", "count=0", "count=101", "count=abc",
				"first=99999999999&count=1")) {
			corpus.add(request("part URLs " + query, "POST", session + "/part-urls?" + query, Map.of(), null));
		}
		corpus.add(request("complete with every part missing", "POST", session + "/complete", Map.of(), null));
		corpus.add(request("another user's session", "GET", session, Map.of("Authorization", GatewayProbe.BOB), null));
	}

	/**
	 * TUS: versions, lengths, offsets, metadata, extensions not offered, unknown uploads.
	 */
	private static void tus(List<Arguments> corpus, UUID unknown) {
		String upload = "/api/v1/tus/" + GatewayProbe.TUS;
		String v = "1.0.0";
		String octets = "application/offset+octet-stream";
		corpus.add(request("TUS OPTIONS", "OPTIONS", "/api/v1/tus/", Map.of(), null));
		corpus.add(request("TUS creation without Tus-Resumable", "POST", "/api/v1/tus/", Map.of("Upload-Length", "10"),
				null));
		corpus.add(request("TUS creation with Tus-Resumable 0.2.2", "POST", "/api/v1/tus/",
				Map.of("Tus-Resumable", "0.2.2", "Upload-Length", "10"), null));
		for (String length : List.of("-1", "abc", "99999999999999999999", "6442450944", "", "1.5", " 10", "0x10")) {
			corpus.add(raw("TUS Upload-Length " + shorten(length), "POST", "/api/v1/tus/",
					Map.of("Tus-Resumable", v, "Upload-Length", length), null));
		}
		corpus.add(request("TUS creation without a length", "POST", "/api/v1/tus/", Map.of("Tus-Resumable", v), null));
		corpus.add(request("TUS Upload-Defer-Length", "POST", "/api/v1/tus/",
				Map.of("Tus-Resumable", v, "Upload-Defer-Length", "1"), null));
		corpus.add(request("TUS Upload-Length 0", "POST", "/api/v1/tus/",
				Map.of("Tus-Resumable", v, "Upload-Length", "0"), null));
		for (String metadata : List.of("filename", "filename !!!", "filename YQ==,filename Yg==", ",",
				"filename " + "QUFB".repeat(3000), "file!name YQ==", "private bWF5YmU=", "attachment bm9zbGFzaA==",
				"filename Li4=", "a b c")) {
			corpus.add(request("TUS Upload-Metadata " + shorten(metadata), "POST", "/api/v1/tus/",
					Map.of("Tus-Resumable", v, "Upload-Length", "10", "Upload-Metadata", metadata), null));
		}
		corpus.add(request("TUS creation-with-upload longer than the length", "POST", "/api/v1/tus/",
				Map.of("Tus-Resumable", v, "Upload-Length", "10", "Content-Type", octets), new byte[11]));
		corpus.add(request("TUS creation-with-upload of another type", "POST", "/api/v1/tus/",
				Map.of("Tus-Resumable", v, "Upload-Length", "10", "Content-Type", "text/plain"), new byte[5]));
		for (String offset : List.of("-1", "abc", "99999999999999999999", "1000", "5", "")) {
			corpus.add(raw("TUS PATCH Upload-Offset " + shorten(offset), "PATCH", upload,
					Map.of("Tus-Resumable", v, "Upload-Offset", offset, "Content-Type", octets), new byte[10]));
		}
		corpus.add(request("TUS PATCH past the length", "PATCH", upload,
				Map.of("Tus-Resumable", v, "Upload-Offset", "0", "Content-Type", octets), new byte[1001]));
		corpus.add(request("TUS PATCH of another type", "PATCH", upload,
				Map.of("Tus-Resumable", v, "Upload-Offset", "0", "Content-Type", "application/octet-stream"),
				new byte[10]));
		corpus.add(request("TUS PATCH without Tus-Resumable", "PATCH", upload,
				Map.of("Upload-Offset", "0", "Content-Type", octets), new byte[10]));
		for (String checksum : List.of("sha1 " + "A".repeat(28), "md5 x", "sha1", "")) {
			corpus.add(raw("TUS PATCH Upload-Checksum " + shorten(checksum), "PATCH", upload, Map.of("Tus-Resumable", v,
					"Upload-Offset", "0", "Content-Type", octets, "Upload-Checksum", checksum), new byte[10]));
		}
		corpus.add(request("TUS method override to DELETE", "POST", upload,
				Map.of("Tus-Resumable", v, "X-HTTP-Method-Override", "DELETE"), null));
		for (String uploadId : List.of("not-a-uuid", unknown.toString(), "%00", "x".repeat(5000))) {
			String path = "/api/v1/tus/" + encode(uploadId);
			corpus.add(request("TUS HEAD " + shorten(uploadId), "HEAD", path, Map.of("Tus-Resumable", v), null));
			corpus.add(request("TUS PATCH " + shorten(uploadId), "PATCH", path,
					Map.of("Tus-Resumable", v, "Upload-Offset", "0", "Content-Type", octets), new byte[10]));
			corpus.add(request("TUS DELETE " + shorten(uploadId), "DELETE", path, Map.of("Tus-Resumable", v), null));
		}
		corpus.add(request("TUS PATCH of another user's upload", "PATCH", upload, Map.of("Tus-Resumable", v,
				"Upload-Offset", "0", "Content-Type", octets, "Authorization", GatewayProbe.BOB), new byte[10]));
		corpus.add(raw(
				"TUS PATCH with a broken chunked body", "PATCH", upload, Map.of("Tus-Resumable", v, "Upload-Offset",
						"0", "Content-Type", octets, "Transfer-Encoding", "chunked"),
				"zz\r\nabc\r\n".getBytes(StandardCharsets.US_ASCII)));
	}

	private static Arguments list(String name, String query) {
		return request("list with " + name, "GET", "/api/v1/files?" + query, Map.of(), null);
	}

	private static Arguments get(String name, String path) {
		return request(name, "GET", path, Map.of(), null);
	}

	/** As alice (see {@link Probe#withAlice}); {@code {file}} is her probe file. */
	private static Arguments request(String name, String method, String path, Map<String, String> headers,
			byte[] body) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.putIfAbsent("Authorization", GatewayProbe.ALICE);
		return Arguments.of(name, new Probe(method, path, all, body));
	}

	private static Arguments raw(String name, String method, String path, Map<String, String> headers, byte[] body) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.putIfAbsent("Authorization", GatewayProbe.ALICE);
		return Arguments.of(name, new Probe(method, path, all, body, true));
	}

	private static Arguments anonymous(String name, String path) {
		return Arguments.of(name, new Probe("GET", path, Map.of(), null));
	}

	private static String base64(String raw) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	private static String shorten(String value) {
		String printable = value.replaceAll("\\p{Cntrl}", "?");
		return (printable.length() > 40) ? printable.substring(0, 40) + "…(" + value.length() + ")" : printable;
	}

}
