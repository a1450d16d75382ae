package com.cloudstorage.files.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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

	public static final class HungServer {

		private final ServerSocket socket;

		// Kept open so the peer sees a live, silent connection.
		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private HungServer() {
			try {
				this.socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						this.accepted.add(this.socket.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "hung-s3");
			acceptor.setDaemon(true);
			acceptor.start();
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

}
