package com.cloudstorage.files.testsupport;

import java.util.concurrent.CompletableFuture;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Completes {@code port} with the port a starting application listens on, as soon as it
 * listens: a test can then ask it questions while it is still starting (readiness,
 * warm-up).
 */
public final class ListeningPort implements ApplicationListener<WebServerInitializedEvent> {

	private final CompletableFuture<Integer> port;

	public ListeningPort(CompletableFuture<Integer> port) {
		this.port = port;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		this.port.complete(event.getWebServer().getPort());
	}

}
