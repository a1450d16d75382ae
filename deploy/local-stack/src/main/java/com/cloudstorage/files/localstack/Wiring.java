package com.cloudstorage.files.localstack;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.cloudstorage.files.localinfra.PostgresServer;

/**
 * Where everything listens once the infrastructure is up: what the service launch
 * descriptions need to know about each other.
 */
record Wiring(PostgresServer postgres, String kafkaBootstrapServers, URI s3Endpoint, int issuerPort, int gatewayPort,
		int metadataPort, int storagePort, int shareLinkPort, Duration failedLinkWindow) {

	String issuerUrl() {
		return "http://localhost:" + this.issuerPort;
	}

	String gatewayUrl() {
		return "http://localhost:" + this.gatewayPort;
	}

	List<String> database(String database) {
		return List.of("--spring.r2dbc.url=" + this.postgres.r2dbcUrl(database),
				"--spring.r2dbc.username=" + PostgresServer.USER, "--spring.r2dbc.password=" + PostgresServer.PASSWORD,
				"--spring.flyway.url=" + this.postgres.jdbcUrl(database), "--spring.flyway.user=" + PostgresServer.USER,
				"--spring.flyway.password=" + PostgresServer.PASSWORD);
	}

	/** Kafka and the token issuer, which every service but the issuer uses. */
	List<String> common() {
		return List.of("--spring.kafka.bootstrap-servers=" + this.kafkaBootstrapServers,
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuerUrl());
	}

}
