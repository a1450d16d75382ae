package com.cloudstorage.files.bench.baseline;

import java.net.URI;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The baseline for link resolution, the metadata API and start-up: a Spring Boot WebFlux
 * app on the same JVM flags as the services that does nothing but answer: {@code 302} for
 * {@code /s/{token}} and a fixed JSON document of the size of a real file's metadata for
 * {@code /api/v1/files/{id}}. Whatever the services take beyond it is their own work.
 */
@SpringBootApplication
public class BareWebFluxApp {

	static final String TARGET = "http://127.0.0.1:9/files/objects/0b7a4d2e-6f1c-4b8e-9a53-2f0e6c1d7b44"
			+ "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=60";

	static final String METADATA = """
			{"id":"0b7a4d2e-6f1c-4b8e-9a53-2f0e6c1d7b44","name":"shared.txt","size":12,\
			"contentType":"text/plain","sha256":"6b3a55e0261b0304143f805a24924d0c1c44524821305f31d9277843b8a10f4e",\
			"private":true,"folder":null,"owner":"alice","createdAt":"2026-11-30T04:00:00Z","attachments":[],\
			"status":"available"}""";

	@Bean
	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/s/{token}", (request) -> ServerResponse.status(302).location(URI.create(TARGET)).build())
			.GET("/api/v1/files/{id}",
					(request) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(METADATA))
			.build();
	}

	public static void main(String[] args) {
		SpringApplication.run(BareWebFluxApp.class, args);
	}

}
