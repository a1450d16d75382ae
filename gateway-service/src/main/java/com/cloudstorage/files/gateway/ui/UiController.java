package com.cloudstorage.files.gateway.ui;

import java.util.Map;

import reactor.core.publisher.Mono;

import com.cloudstorage.files.gateway.route.GatewayProperties;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web UI: static HTML, CSS and JavaScript modules (no build step, no CDN), using only
 * the public API. Here: the sign-in settings and the pages that are the UI's own entry
 * points.
 */
@RestController
class UiController {

	private static final Resource INDEX = new ClassPathResource("static/index.html");

	private final GatewayProperties properties;

	UiController(GatewayProperties properties) {
		this.properties = properties;
	}

	@GetMapping(path = "/ui/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, String>> config() {
		GatewayProperties.Ui ui = this.properties.ui();
		String issuer = ui.issuerUrl().toString().replaceAll("/+$", "");
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(Map.of("issuer", issuer, "clientId", ui.clientId(), "scopes", ui.scopes()));
	}

	@GetMapping(path = { "/", "/login/callback" }, produces = MediaType.TEXT_HTML_VALUE)
	Mono<ResponseEntity<Resource>> index() {
		return Mono.just(ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(INDEX));
	}

}
