package com.cloudstorage.files.localstack;

import java.nio.file.Path;

/** What the launcher prints once every service is ready. */
final class Banner {

	private Banner() {
	}

	static String running(LocalStack stack, Path data, String aliceToken, String bobToken) {
		return """

				Cloud Storage is running: every service is ready (Ctrl-C stops everything; data stays in %s)

				  Gateway (API)     %s            health: %s/actuator/health
				  Token issuer      %s
				  Kafka             %s            topics: files.v1, files.v1.dlt, documents.v1
				  PostgreSQL        127.0.0.1:%d        user postgres / postgres, databases metadata, storage, links
				  S3 server         %s        access key %s, secret %s, bucket %s
				  Service logs      %s

				  Demo clients      alice / alice-secret (all scopes), bob / bob-secret (files:read files:write)
				  Get a token       curl -s -u alice:alice-secret -d grant_type=client_credentials %s/oauth2/token

				  export ALICE_TOKEN=%s

				  export BOB_TOKEN=%s
				""".formatted(data, stack.gatewayUrl(), stack.gatewayUrl(), stack.issuerUrl(),
				stack.kafkaBootstrapServers(), stack.postgresPort(), stack.s3Endpoint(), StackSettings.S3_ACCESS_KEY,
				StackSettings.S3_SECRET_KEY, StackSettings.BUCKET, data.resolve("logs"), stack.issuerUrl(), aliceToken,
				bobToken);
	}

}
