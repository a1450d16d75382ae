package com.cloudstorage.files.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends arbitrary requests through the gateway of the shared real stack and checks the
 * two promises every public route makes: no input yields a 5xx, and a rejected request
 * changes nothing (alice's listing, the probe file and its sharing link, her probe upload
 * session's parts and her probe TUS upload's offset read the same before and after).
 */
final class GatewayProbe {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");

	/**
	 * Placeholders in requests written before the stack runs: alice's token, her file.
	 */
	static final String ALICE = "{alice}";

	/** bob's token, for another user's session or upload. */
	static final String BOB = "{bob}";

	static final String FILE = "{file}";

	/** alice's open proxied upload session (10 MiB, parts of 8 MiB). */
	static final String SESSION = "{session}";

	/** alice's open TUS upload (1,000 bytes). */
	static final String TUS = "{tus}";

	private static GatewayProbe instance;

	final LaunchedStack stack;

	final String alice;

	final String bob;

	/** alice's file that the generated requests aim at. */
	final String fileId;

	final String sessionId;

	final String tusId;

	private GatewayProbe(LaunchedStack stack) throws Exception {
		this.stack = stack;
		this.alice = "Bearer " + stack.token("alice", "alice-secret");
		this.bob = "Bearer " + stack.token("bob", "bob-secret");
		Answer created = send(new Probe("POST", "/api/v1/files?name=probe.txt&folder=probe",
				headers("Content-Type", "text/plain", "Authorization", this.alice),
				"probe bytes".getBytes(StandardCharsets.UTF_8)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.fileId = JSON.readTree(created.body()).get("id").asString();
		Answer session = send(new Probe("POST", "/api/v1/uploads",
				headers("Content-Type", "application/json", "Authorization", this.alice),
				"{\"name\":\"probe-session.bin\",\"size\":10485760,\"mode\":\"proxied\"}"
					.getBytes(StandardCharsets.UTF_8)));
		assertThat(session.status()).as(session.body()).isEqualTo(201);
		this.sessionId = JSON.readTree(session.body()).get("id").asString();
		Answer tus = send(new Probe("POST", "/api/v1/tus/",
				headers("Tus-Resumable", "1.0.0", "Upload-Length", "1000", "Authorization", this.alice), null));
		assertThat(tus.status()).as(tus.body()).isEqualTo(201);
		this.tusId = tus.headers().get("location").replace("/api/v1/tus/", "");
	}

	static synchronized GatewayProbe get() throws Exception {
		if (instance == null) {
			instance = new GatewayProbe(SharedStack.get());
		}
		return instance;
	}

	/**
	 * Sends the request and checks it: never a 5xx; a refused request that could write
	 * changes no state. Whatever a successful one created is removed again.
	 */
	synchronized Answer check(Probe probe) throws Exception {
		// Read right before the request: other test classes share the stack and its
		// users.
		String before = SAFE_METHODS.contains(probe.method()) ? "" : state();
		Answer answer = send(probe);
		assertThat(answer.status()).as("%s answered %d %s", probe, answer.status(), answer.body()).isBetween(100, 499);
		if (SAFE_METHODS.contains(probe.method())) {
			return answer;
		}
		if (answer.status() >= 400) {
			assertThat(state()).as("state after refused %s (%d %s)", probe, answer.status(), answer.body())
				.isEqualTo(before);
			return answer;
		}
		String location = answer.headers().getOrDefault("location", "");
		if (answer.status() == 201 && location.startsWith("/api/v1/files/")) {
			send(new Probe("DELETE", location + "?force=true", headers("Authorization", this.alice), null));
		}
		// Sessions and TUS uploads a probe opened are aborted; an empty TUS upload is a
		// file at once.
		if (answer.status() == 201 && location.startsWith("/api/v1/uploads/")) {
			send(new Probe("DELETE", location, headers("Authorization", this.alice), null));
		}
		if (answer.status() == 201 && location.startsWith("/api/v1/tus/")) {
			send(new Probe("DELETE", location, headers("Authorization", this.alice, "Tus-Resumable", "1.0.0"), null));
		}
		String fileLocation = answer.headers().getOrDefault("file-location", "");
		if (answer.status() == 201 && fileLocation.startsWith("/api/v1/files/")) {
			send(new Probe("DELETE", fileLocation + "?force=true", headers("Authorization", this.alice), null));
		}
		return answer;
	}

	/** alice's first page, the probe file and its sharing link, bob's first page. */
	private String state() throws Exception {
		StringBuilder state = new StringBuilder();
		for (String path : new String[] { "/api/v1/files?limit=100", "/api/v1/files/" + this.fileId,
				"/api/v1/files/" + this.fileId + "/share-link" }) {
			Answer answer = send(new Probe("GET", path, headers("Authorization", this.alice), null));
			state.append(answer.status()).append(' ').append(answer.body()).append('\n');
		}
		Answer session = send(
				new Probe("GET", "/api/v1/uploads/" + this.sessionId, headers("Authorization", this.alice), null));
		state.append(session.status()).append(' ').append(session.body()).append('\n');
		Answer tus = send(new Probe("HEAD", "/api/v1/tus/" + this.tusId,
				headers("Authorization", this.alice, "Tus-Resumable", "1.0.0"), null));
		state.append(tus.status()).append(" offset ").append(tus.headers().get("upload-offset")).append('\n');
		Answer bobs = send(new Probe("GET", "/api/v1/files?limit=100", headers("Authorization", this.bob), null));
		return state.append(bobs.status()).append(' ').append(bobs.body()).toString();
	}

	/**
	 * One request; the gateway's own per-caller limit is honoured (wait and send again),
	 * so the probes reach the services behind it.
	 */
	Answer send(Probe probe) throws Exception {
		for (int attempt = 0;; attempt++) {
			Answer answer = probe.raw() ? sendRaw(probe) : sendHttp(probe);
			if (answer.status() != 429 || probe.path().startsWith("/s/") || attempt == 20) {
				return answer;
			}
			long seconds = Long.parseLong(answer.headers().getOrDefault("retry-after", "1"));
			Thread.sleep(Math.min(seconds, 5) * 1000);
		}
	}

	private Answer sendHttp(Probe probe) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.stack.gatewayUrl() + probe.path()))
			.timeout(Duration.ofSeconds(60))
			.method(probe.method(), (probe.body() != null) ? HttpRequest.BodyPublishers.ofByteArray(probe.body())
					: HttpRequest.BodyPublishers.noBody());
		probe.headers().forEach(request::header);
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		Map<String, String> headers = new LinkedHashMap<>();
		response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
		return new Answer(response.statusCode(), headers, response.body());
	}

	/**
	 * Byte for byte, for what {@link HttpClient} refuses to send (a request line or
	 * header that is not valid HTTP).
	 */
	private Answer sendRaw(Probe probe) throws IOException {
		URI gateway = this.stack.gatewayUrl();
		try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
			socket.setSoTimeout(60_000);
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.writeBytes(
					(probe.method() + " " + probe.path() + " HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n")
						.getBytes(StandardCharsets.ISO_8859_1));
			probe.headers()
				.forEach((name, value) -> request
					.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
			byte[] body = (probe.body() != null) ? probe.body() : new byte[0];
			if (!probe.headers().containsKey("Content-Length") && !probe.headers().containsKey("Transfer-Encoding")) {
				request.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			}
			request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
			request.writeBytes(body);
			socket.getOutputStream().write(request.toByteArray());
			socket.getOutputStream().flush();
			String answer = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
			if (answer.isEmpty()) {
				// The server closed without answering: not a 5xx, but say so.
				return new Answer(0, Map.of(), "(connection closed without an answer)");
			}
			int status = Integer.parseInt(answer.substring(9, 12));
			Map<String, String> headers = new LinkedHashMap<>();
			int end = answer.indexOf("\r\n\r\n");
			for (String line : answer.substring(0, (end > 0) ? end : answer.length()).split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
				}
			}
			return new Answer(status, headers, (end > 0) ? answer.substring(end + 4) : "");
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		try {
			return in.readAllBytes();
		}
		catch (java.net.SocketException ex) {
			return new byte[0];
		}
	}

	static Map<String, String> headers(String... namesAndValues) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
			if (namesAndValues[i + 1] != null) {
				headers.put(namesAndValues[i], namesAndValues[i + 1]);
			}
		}
		return headers;
	}

	static String query(String... namesAndValues) {
		StringBuilder query = new StringBuilder();
		for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
			if (namesAndValues[i + 1] != null) {
				query.append(query.isEmpty() ? "?" : "&")
					.append(namesAndValues[i])
					.append('=')
					.append(encode(namesAndValues[i + 1]));
			}
		}
		return query.toString();
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	static JsonNode json(String body) {
		return JSON.readTree(body);
	}

	/**
	 * One request: method, raw path with query (already encoded), headers, body;
	 * {@code raw} sends it over a plain socket.
	 */
	record Probe(String method, String path, Map<String, String> headers, byte[] body, boolean raw) {

		Probe(String method, String path, Map<String, String> headers, byte[] body) {
			this(method, path, headers, body, false);
		}

		/**
		 * With the placeholders replaced by alice's token, her probe file, session and
		 * TUS upload.
		 */
		Probe withAlice(GatewayProbe probe) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers
				.replaceAll((name, value) -> value.equals(ALICE) ? probe.alice : value.equals(BOB) ? probe.bob : value);
			return new Probe(this.method,
					this.path.replace(FILE, probe.fileId).replace(SESSION, probe.sessionId).replace(TUS, probe.tusId),
					headers, this.body, this.raw);
		}

		@Override
		public String toString() {
			Map<String, String> shown = new LinkedHashMap<>(this.headers);
			shown.computeIfPresent("Authorization", (name, value) -> value.startsWith("Bearer ey") ? "Bearer <valid>"
					: value.substring(0, Math.min(value.length(), 40)));
			String body = (this.body == null) ? "" : new String(this.body, StandardCharsets.UTF_8);
			return this.method + " " + this.path + " " + shown + ((body.isEmpty()) ? ""
					: " body=" + ((body.length() > 300) ? body.substring(0, 300) + "…(" + body.length() + ")" : body));
		}

	}

	record Answer(int status, Map<String, String> headers, String body) {
	}

}
