package com.cloudstorage.files.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import com.cloudstorage.files.localinfra.S3Server;
import com.cloudstorage.files.localinfra.TestInfrastructure;

/**
 * Real servers that misbehave, for the provider profiles of the fault tests: a socket
 * that accepts connections and never answers, and an S3 server on a fixed port that a
 * test stops and starts again.
 */
public final class ProviderFaults {

	private static HungServer hung;

	private static RestartableS3 restartable;

	private static StallingServer stalling;

	private static ContinuingServer silentAfterBody;

	private static ContinuingServer stopsReading;

	private ProviderFaults() {
	}

	/** A server that accepts every connection, reads nothing and never answers. */
	public static synchronized HungServer hung() {
		if (hung == null) {
			hung = new HungServer();
		}
		return hung;
	}

	/** An S3 server the test can stop and start on the same port. */
	public static synchronized RestartableS3 restartable() {
		if (restartable == null) {
			restartable = new RestartableS3();
		}
		return restartable;
	}

	/**
	 * A server that answers every request with the start of a 4 MiB body and then sends
	 * nothing more: a provider that stops mid-download.
	 */
	public static synchronized StallingServer stallingMidBody() {
		if (stalling == null) {
			stalling = new StallingServer();
		}
		return stalling;
	}

	/**
	 * A server that asks for every request's body ({@code 100 Continue}), reads all of it
	 * and never answers: a provider that hangs once it has the bytes.
	 */
	public static synchronized ContinuingServer silentAfterBody() {
		if (silentAfterBody == null) {
			silentAfterBody = new ContinuingServer("silent-after-body-s3", true);
		}
		return silentAfterBody;
	}

	/**
	 * A server that asks for every request's body and then reads none of it: a provider
	 * that stops reading mid-upload.
	 */
	public static synchronized ContinuingServer stopsReading() {
		if (stopsReading == null) {
			stopsReading = new ContinuingServer("stops-reading-s3", false);
		}
		return stopsReading;
	}

	/**
	 * A loopback server whose connections are kept open; each accepted one goes to
	 * {@code answer} on a thread of its own (none: it is never answered).
	 */
	private static ServerSocket serve(String name, List<Socket> accepted, @Nullable Consumer<Socket> answer) {
		ServerSocket socket;
		try {
			socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(() -> {
			while (!socket.isClosed()) {
				try {
					Socket connection = socket.accept();
					accepted.add(connection);
					if (answer != null) {
						Thread answering = new Thread(() -> answer.accept(connection), name + "-answer");
						answering.setDaemon(true);
						answering.start();
					}
				}
				catch (IOException ex) {
					return;
				}
			}
		}, name);
		acceptor.setDaemon(true);
		acceptor.start();
		return socket;
	}

	public static final class HungServer {

		private final ServerSocket socket;

		// Kept open so the peer sees a live, silent connection.
		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private HungServer() {
			this.socket = serve("hung-s3", this.accepted, null);
		}

		public URI endpoint() {
			return URI.create("http://127.0.0.1:" + this.socket.getLocalPort());
		}

	}

	public static final class RestartableS3 {

		private final int port;

		private S3Server server;

		private RestartableS3() {
			try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				this.port = probe.getLocalPort();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			start();
		}

		public synchronized void start() {
			if (this.server == null) {
				try {
					this.server = S3Server.start(this.port, null, TestInfrastructure.S3_ACCESS_KEY,
							TestInfrastructure.S3_SECRET_KEY, TestInfrastructure.BUCKET);
				}
				catch (Exception ex) {
					throw new IllegalStateException("S3 server did not start on " + this.port, ex);
				}
			}
		}

		public synchronized void stop() throws Exception {
			if (this.server != null) {
				this.server.close();
				this.server = null;
			}
		}

		public URI endpoint() {
			return URI.create("http://127.0.0.1:" + this.port);
		}

	}

	public static final class ContinuingServer {

		private final ServerSocket socket;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private ContinuingServer(String name, boolean readsBody) {
			this.socket = serve(name, this.accepted, (connection) -> askThenHang(connection, readsBody));
		}

		private static void askThenHang(Socket connection, boolean readsBody) {
			try {
				InputStream in = connection.getInputStream();
				StringBuilder head = new StringBuilder();
				while (!head.toString().endsWith("\r\n\r\n")) {
					int next = in.read();
					if (next < 0) {
						return;
					}
					head.append((char) next);
				}
				OutputStream out = connection.getOutputStream();
				out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				if (readsBody) {
					// Everything the client sends, then no answer.
					byte[] buffer = new byte[64 * 1024];
					while (in.read(buffer) >= 0) {
						// Discarded.
					}
				}
			}
			catch (IOException ex) {
				// The peer went away.
			}
		}

		public URI endpoint() {
			return URI.create("http://127.0.0.1:" + this.socket.getLocalPort());
		}

	}

	public static final class StallingServer {

		private static final int ANNOUNCED = 4 * 1024 * 1024;

		private static final int SENT = 64 * 1024;

		private final ServerSocket socket;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private StallingServer() {
			this.socket = serve("stalling-s3", this.accepted, StallingServer::answerThenStall);
		}

		private static void answerThenStall(Socket connection) {
			try {
				InputStream in = connection.getInputStream();
				if (!readRequestHead(in)) {
					return;
				}
				OutputStream out = connection.getOutputStream();
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + ANNOUNCED
						+ "\r\nETag: \"stalling\"\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.write(new byte[SENT]);
				out.flush();
			}
			catch (IOException ex) {
				// The peer went away: nothing to answer.
			}
		}

		public URI endpoint() {
			return URI.create("http://127.0.0.1:" + this.socket.getLocalPort());
		}

	}

	/**
	 * Reads a request's line and headers, up to the blank line; false if the client
	 * closed the connection first.
	 */
	public static boolean readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		while (matched < 4) {
			int next = in.read();
			if (next < 0) {
				return false;
			}
			matched = (next == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
		return true;
	}

}
