package com.cloudstorage.files.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * A TCP proxy in front of a real server that passes the server's answers back at a fixed
 * rate, like a provider on a slow link: requests go through at full speed, every byte the
 * server sends is paced. For tests of how long the service waits for a provider.
 */
public final class PacedProxy {

	private static final int CHUNK = 16 * 1024;

	private final ServerSocket socket;

	private final InetSocketAddress target;

	private final long bytesPerSecond;

	public PacedProxy(URI target, long bytesPerSecond) {
		this.target = new InetSocketAddress(target.getHost(), target.getPort());
		this.bytesPerSecond = bytesPerSecond;
		try {
			this.socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "paced-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.socket.getLocalPort());
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				Socket server = new Socket();
				server.connect(this.target, 5000);
				pump(client, server, Long.MAX_VALUE, "paced-proxy-up");
				pump(server, client, this.bytesPerSecond, "paced-proxy-down");
			}
			catch (IOException ex) {
				if (this.socket.isClosed()) {
					return;
				}
			}
		}
	}

	private static void pump(Socket from, Socket to, long bytesPerSecond, String name) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[CHUNK];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
					// Each chunk takes its time at the rate: never faster, whatever
					// idle time came before (a pooled connection earns no credit).
					if (bytesPerSecond != Long.MAX_VALUE) {
						long wait = read * 1_000_000_000L / bytesPerSecond;
						Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
					}
				}
			}
			catch (IOException ex) {
				// The other side closed: so does this one.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				close(from);
				close(to);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closed already.
		}
	}

}
