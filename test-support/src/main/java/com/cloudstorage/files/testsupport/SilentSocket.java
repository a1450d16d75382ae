package com.cloudstorage.files.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real TCP server that accepts every connection and then never reads nor answers: the
 * downstream that hangs. Connections stay open until {@link #close()}.
 */
public final class SilentSocket implements AutoCloseable {

	private final ServerSocket server;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	public SilentSocket() {
		try {
			// A small receive buffer, so a streamed upload fills it quickly.
			this.server = new ServerSocket();
			this.server.setReceiveBufferSize(4096);
			this.server.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Thread acceptor = new Thread(() -> {
			while (!this.server.isClosed()) {
				try {
					this.accepted.add(this.server.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "silent-socket");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	public int acceptedConnections() {
		return this.accepted.size();
	}

	@Override
	public void close() {
		try {
			this.server.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
