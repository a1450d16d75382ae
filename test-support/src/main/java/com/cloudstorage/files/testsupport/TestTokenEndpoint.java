package com.cloudstorage.files.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real OAuth2 token endpoint for the client-credentials grant (RFC 6749 §4.4) that
 * hands out {@link TestTokens#service service tokens}, for a service under test that
 * fetches its own identity. It checks the client's HTTP Basic credentials, counts the
 * tokens it issued, and can be stopped to play an issuer that is down.
 */
public final class TestTokenEndpoint implements AutoCloseable {

	public static final String CLIENT_ID = TestTokens.SERVICE_CLIENT;

	public static final String CLIENT_SECRET = "test-gateway-secret";

	private final HttpServer server;

	private final List<String> audiences;

	private final Duration validity;

	private final AtomicInteger issued = new AtomicInteger();

	private TestTokenEndpoint(List<String> audiences, Duration validity) throws IOException {
		this.audiences = List.copyOf(audiences);
		this.validity = validity;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/oauth2/token", this::token);
		this.server.start();
	}

	/** Tokens for these audiences, valid for an hour. */
	public static TestTokenEndpoint start(String... audiences) {
		return start(Duration.ofHours(1), audiences);
	}

	/** Tokens for these audiences that expire after {@code validity}. */
	public static TestTokenEndpoint start(Duration validity, String... audiences) {
		try {
			return new TestTokenEndpoint(List.of(audiences), validity);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The token URI a client posts its grant to. */
	public String tokenUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/oauth2/token";
	}

	/** How many tokens this endpoint issued so far. */
	public int issued() {
		return this.issued.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void token(HttpExchange exchange) throws IOException {
		try (exchange) {
			String form;
			try (InputStream in = exchange.getRequestBody()) {
				form = URLDecoder.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
			}
			String expected = "Basic " + Base64.getEncoder()
				.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
			if (!"POST".equals(exchange.getRequestMethod())
					|| !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				send(exchange, 401, "{\"error\":\"invalid_client\"}");
				return;
			}
			if (!form.contains("grant_type=client_credentials")) {
				send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
				return;
			}
			java.time.Instant now = java.time.Instant.now();
			String token = TestTokens.sign(TestTokens.trusted(), this.audiences, CLIENT_ID, now,
					now.plus(this.validity), TestTokens.INTERNAL_SCOPE);
			this.issued.incrementAndGet();
			send(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
					+ this.validity.toSeconds() + ",\"scope\":\"" + TestTokens.INTERNAL_SCOPE + "\"}");
		}
	}

	private static void send(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
