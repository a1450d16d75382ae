package com.cloudstorage.files.gateway.route;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;

import com.cloudstorage.files.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every gateway controller slice shares: test-support's real RS256 tokens, a client
 * that waits long enough on a loaded machine, and the scripted services behind, reset
 * before each test (before the subclass's own set-up).
 */
public abstract class GatewaySliceSupport {

	protected WebTestClient client;

	@Autowired
	protected ScriptedDownstreams services;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		com.cloudstorage.files.gateway.TestTokens.register(registry);
	}

	@Autowired
	void client(WebTestClient client) {
		// A loaded build machine can be slow; a refusal still has to come.
		this.client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@BeforeEach
	void resetServices() {
		this.services.reset();
	}

}
