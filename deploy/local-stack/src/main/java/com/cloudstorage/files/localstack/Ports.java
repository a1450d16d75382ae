package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Fixed ports are checked before anything starts: a server of someone else's on one of
 * them would otherwise answer our readiness probes.
 */
final class Ports {

	private Ports() {
	}

	/**
	 * @param wanted who needs which port, with the setting that moves it; port 0 means
	 * "any free port" and is not checked
	 */
	static void requireFree(Map<String, Wanted> wanted) {
		wanted.forEach((part, port) -> {
			if (port.port() > 0 && !isFree(port.port())) {
				throw new StartupFailure(part,
						"cannot use port " + port.port() + ": it is already in use by another process (another stack"
								+ " still running? set " + port.setting() + " to use another port)",
						"");
			}
		});
	}

	static boolean isFree(int port) {
		// Same kind of bind as the servers do: every address, so a loopback-only listener
		// counts too.
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int orFree(int port) throws IOException {
		if (port > 0) {
			return port;
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	record Wanted(int port, String setting) {
	}

}
