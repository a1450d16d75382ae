package com.cloudstorage.files.kit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue #8, the stall: every service (and every test stand-in) is a Reactor Netty HTTP
 * server, and Reactor Netty 1.3.6 and 1.3.7 could stop reading a keep-alive connection
 * when the next request arrived before the previous one's operations had terminated: that
 * request was never answered (reactor/reactor-netty#4361). On 1.3.7 this test hung on
 * roughly one request in 160; it guards the version the root pom pins.
 */
class KeepAliveConnectionsTests {

	static final DisposableServer SERVER = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		// Answers that complete at once and answers that complete a little later, as
		// the services' handlers do.
		.handle((request,
				response) -> response.sendString(request.uri().startsWith("/later")
						? Mono.delay(Duration.ofMillis(2)).thenReturn("ok") : Mono.just("ok")))
		.bindNow();

	@AfterAll
	static void stop() {
		SERVER.disposeNow();
	}

	@Test
	void everyRequestOnAReusedConnectionIsAnswered() throws IOException {
		int answered = 0;
		for (int connection = 0; connection < 100; connection++) {
			try (Socket socket = new Socket("127.0.0.1", SERVER.port())) {
				socket.setSoTimeout(5_000);
				socket.setTcpNoDelay(true);
				OutputStream out = socket.getOutputStream();
				InputStream in = new BufferedInputStream(socket.getInputStream());
				for (int request = 0; request < 40; request++) {
					String path = (request % 2 == 0) ? "/now" : "/later";
					// The next request goes out the moment the previous answer is read,
					// as a pooled client sends it.
					out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					out.flush();
					try {
						assertThat(readAnswer(in)).startsWith("HTTP/1.1 200");
					}
					catch (SocketTimeoutException ex) {
						fail("Request " + request + " on connection " + connection + " (" + answered
								+ " answered before) got no answer within 5 s");
					}
					answered++;
				}
			}
		}
		assertThat(answered).isEqualTo(4_000);
	}

	/** Reads one answer whose body is exactly {@code ok} (Content-Length 2). */
	private static String readAnswer(InputStream in) throws IOException {
		StringBuilder answer = new StringBuilder();
		while (!answer.toString().endsWith("\r\n\r\nok")) {
			int next = in.read();
			if (next < 0) {
				fail("The server closed the connection; answer so far: " + answer);
			}
			answer.append((char) next);
		}
		return answer.toString();
	}

}
