package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of one of our real services. It passes everything on, but while it
 * withholds, the service's answers go nowhere: the service does all the work it was asked
 * for and its caller never hears of it, as when an answer is lost or the caller gives up
 * waiting. A connection on which an answer was withheld stays silent until it is closed.
 */
final class AnswerWithholdingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicLong withheldBytes = new AtomicLong();

	private volatile boolean withholding;

	private AnswerWithholdingProxy(ServerSocket server, int targetPort) {
		this.server = server;
		this.targetPort = targetPort;
	}

	static AnswerWithholdingProxy start(int targetPort) throws IOException {
		AnswerWithholdingProxy proxy = new AnswerWithholdingProxy(
				new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
		Thread accepting = new Thread(proxy::accept, "answer-withholding-proxy");
		accepting.setDaemon(true);
		accepting.start();
		return proxy;
	}

	int port() {
		return this.server.getLocalPort();
	}

	void withhold(boolean withhold) {
		this.withholding = withhold;
	}

	/** How many bytes of answers went nowhere. */
	long withheldBytes() {
		return this.withheldBytes.get();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket service = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(service);
				pump("requests", client, service, false);
				pump("answers", service, client, true);
			}
			catch (IOException ex) {
				// Closed, or the service is down: the caller sees its connection end.
			}
		}
	}

	private void pump(String what, Socket from, Socket to, boolean answers) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[64 * 1024];
			boolean silent = false;
			try (from; to) {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				int read;
				while ((read = in.read(buffer)) != -1) {
					if (answers && (silent || this.withholding)) {
						silent = true;
						this.withheldBytes.addAndGet(read);
						continue;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// One side closed: both are closed now.
			}
			finally {
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "answer-withholding-proxy-" + what);
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

}
