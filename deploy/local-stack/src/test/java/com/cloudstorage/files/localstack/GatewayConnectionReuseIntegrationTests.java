package com.cloudstorage.files.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static com.cloudstorage.files.localstack.GatewayProbe.Probe;
import static com.cloudstorage.files.localstack.GatewayProbe.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer of the bad-input corpus keeps HTTP/1.1's promise about the connection: an
 * answer without {@code Connection: close} leaves the connection open for the next
 * request. A server that closes anyway races the client, which may already have sent its
 * next request on that connection and then gets no answer at all (issue #8: "header
 * parser received no bytes" for one request in about every second full run).
 *
 * <p>
 * Each request goes over its own socket, as a client with a connection pool would send it
 * (no {@code Connection: close}); after the answer the test waits, then sends a health
 * check on the same socket and expects it answered.
 */
class GatewayConnectionReuseIntegrationTests {

	/** Longer than any close the gateway schedules after an answer is written. */
	private static final int SETTLE_MILLIS = 150;

	static GatewayProbe probe;

	@BeforeAll
	static void startStack() throws Exception {
		probe = GatewayProbe.get();
	}

	static List<Arguments> corpus() {
		return GatewayBadInputCorpusIntegrationTests.corpus();
	}

	@ParameterizedTest(name = "{index}: {0}")
	@MethodSource("corpus")
	void anAnswerWithoutConnectionCloseLeavesTheConnectionUsable(String name, Probe request) throws Exception {
		Probe sent = request.withAlice(probe);
		URI gateway = probe.stack.gatewayUrl();
		for (int attempt = 0;; attempt++) {
			try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
				socket.setSoTimeout(60_000);
				Response answer = exchange(socket, sent);
				if (answer.status() == 429 && !sent.path().startsWith("/s/") && attempt < 20) {
					Thread.sleep(1000 * Math.min(5, Long.parseLong(answer.headers().getOrDefault("retry-after", "1"))));
					continue;
				}
				removeWhatWasCreated(answer);
				assertThat(answer.status()).as("%s answered", sent).isBetween(100, 499);
				if (answer.closes()) {
					return;
				}
				Thread.sleep(SETTLE_MILLIS);
				Probe health = new Probe("GET", "/actuator/health", headers(), null);
				Response next = exchange(socket, health);
				assertThat(next.status())
					.as("the next request on the connection after %s answered %d without Connection: close", sent,
							answer.status())
					.isEqualTo(200);
				return;
			}
		}
	}

	private void removeWhatWasCreated(Response answer) throws Exception {
		String location = answer.headers().getOrDefault("location", "");
		if (answer.status() == 201 && location.startsWith("/api/v1/files/")) {
			probe.send(new Probe("DELETE", location + "?force=true", headers("Authorization", probe.alice), null));
		}
	}

	/**
	 * Writes the request byte for byte and reads one whole answer (its length from
	 * {@code Content-Length} or chunked framing); status 0 when the connection ended
	 * before an answer.
	 */
	private static Response exchange(Socket socket, Probe probe) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes((probe.method() + " " + probe.path() + " HTTP/1.1\r\nHost: localhost\r\n")
			.getBytes(StandardCharsets.UTF_8));
		probe.headers()
			.forEach((name, value) -> request
				.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
		byte[] body = (probe.body() != null) ? probe.body() : new byte[0];
		if (body.length > 0 || !Set.of("GET", "HEAD", "DELETE").contains(probe.method())) {
			request.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
		}
		request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		request.writeBytes(body);
		OutputStream out = socket.getOutputStream();
		out.write(request.toByteArray());
		out.flush();
		InputStream in = socket.getInputStream();
		String head = readHead(in);
		if (head.isEmpty()) {
			return new Response(0, Map.of(), true);
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line : head.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
		}
		int status = Integer.parseInt(head.substring(9, 12));
		boolean closes = headers.getOrDefault("connection", "").equalsIgnoreCase("close");
		if (!"HEAD".equals(probe.method()) && status != 204 && status != 304) {
			if (headers.containsKey("content-length")) {
				in.readNBytes(Integer.parseInt(headers.get("content-length")));
			}
			else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
				skipChunks(in);
			}
			else {
				// Delimited by the end of the connection.
				in.readAllBytes();
				closes = true;
			}
		}
		return new Response(status, headers, closes);
	}

	private static void skipChunks(InputStream in) throws IOException {
		while (true) {
			String size = readLine(in);
			int semicolon = size.indexOf(';');
			long length = Long.parseLong((semicolon >= 0) ? size.substring(0, semicolon).trim() : size.trim(), 16);
			if (length == 0) {
				while (!readLine(in).isEmpty()) {
					// trailers
				}
				return;
			}
			in.skipNBytes(length);
			readLine(in);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1 && b != '\n') {
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		try {
			int b;
			while ((b = in.read()) != -1) {
				head.write(b);
				if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
					break;
				}
			}
		}
		catch (java.net.SocketException ex) {
			// Reset by the server: no answer.
		}
		catch (SocketTimeoutException ex) {
			throw ex;
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		// An interim 100 Continue precedes the real answer.
		return text.startsWith("HTTP/1.1 100") ? readHead(in) : text;
	}

	record Response(int status, Map<String, String> headers, boolean closes) {
	}

}
