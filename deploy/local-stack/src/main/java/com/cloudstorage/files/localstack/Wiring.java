package com.cloudstorage.files.localstack;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.cloudstorage.files.localinfra.PostgresServer;

/**
 * Where everything listens, chosen before anything starts (so each service can be
 * launched as soon as what it needs is up): what the service launch descriptions need to
 * know about each other.
 */
record Wiring(int postgresPort, int kafkaPort, int s3Port, int issuerPort, int gatewayPort, int metadataPort,
		int storagePort, int shareLinkPort, Duration failedLinkWindow) {

	String issuerUrl() {
		return "http://localhost:" + this.issuerPort;
	}

	String gatewayUrl() {
		return "http://localhost:" + this.gatewayPort;
	}

	String kafkaBootstrapServers() {
		return "127.0.0.1:" + this.kafkaPort;
	}

	URI s3Endpoint() {
		return URI.create("http://127.0.0.1:" + this.s3Port);
	}

	List<String> database(String database) {
		String where = "postgresql://127.0.0.1:" + this.postgresPort + "/" + database;
		return List.of("--spring.r2dbc.url=r2dbc:" + where, "--spring.r2dbc.username=" + PostgresServer.USER,
				"--spring.r2dbc.password=" + PostgresServer.PASSWORD, "--spring.flyway.url=jdbc:" + where,
				"--spring.flyway.user=" + PostgresServer.USER, "--spring.flyway.password=" + PostgresServer.PASSWORD);
	}

	/** Kafka and the token issuer, which every service but the issuer uses. */
	List<String> common() {
		return List.of("--spring.kafka.bootstrap-servers=" + kafkaBootstrapServers(),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuerUrl());
	}

}
