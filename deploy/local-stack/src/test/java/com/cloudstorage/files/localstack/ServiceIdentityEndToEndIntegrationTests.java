package com.cloudstorage.files.localstack;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.assertProblem;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.get;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.multipartUpload;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.randomBytes;
import static com.cloudstorage.files.localstack.FileLifecycleEndToEndIntegrationTests.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity between services on the whole real stack, with the real issuer's tokens: the
 * gateway calls the internal routes with its own identity, and a user's token sent
 * straight to them is refused, whatever the user may do through the gateway.
 */
class ServiceIdentityEndToEndIntegrationTests {

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	static LaunchedStack stack;

	static String alice;

	@BeforeAll
	static void stack() throws Exception {
		stack = SharedStack.get();
		FileLifecycleEndToEndIntegrationTests.stack = stack;
		alice = stack.token("alice", "alice-secret");
	}

	@Test
	void throughTheGatewayAUserUploadsAndDownloads() throws Exception {
		HttpResponse<String> created = send(
				multipartUpload(alice, "identity.bin", randomBytes(1000), java.util.Map.of()));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = JSON.readTree(created.body()).get("id").asString();
		HttpResponse<String> content = send(get("/api/v1/files/" + id + "/content?mode=stream", alice));
		assertThat(content.statusCode()).isEqualTo(200);
	}

	@Test
	void aUserTokenSentStraightToMetadataInternalRoutesIsForbidden() throws Exception {
		URI metadata = URI.create("http://127.0.0.1:" + stack.ports.get("METADATA_PORT"));
		assertProblem(
				send(direct(metadata.resolve("/internal/v1/uploads"), alice).header("Content-Type", "application/json")
					.header("X-Acting-User", "bob")
					.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sneaky.txt\"}"))
					.build()),
				403, "Forbidden");
		assertProblem(send(
				direct(metadata.resolve("/internal/v1/files/" + UUID.randomUUID() + "/location"), alice).GET().build()),
				403, "Forbidden");
	}

	@Test
	void aUserTokenSentStraightToStorageWritesNothing() throws Exception {
		URI storage = URI.create("http://127.0.0.1:" + stack.ports.get("STORAGE_PORT"));
		// alice is the local operator: her token is issued for storage-service too, and
		// still may not write bytes.
		assertProblem(send(
				direct(storage.resolve("/internal/v1/objects/local?key=files/" + UUID.randomUUID() + "&maxBytes=10"),
						alice)
					.header("Content-Type", "application/octet-stream")
					.PUT(HttpRequest.BodyPublishers.ofString("hello"))
					.build()),
				403, "Forbidden");
	}

	private static HttpRequest.Builder direct(URI uri, String token) {
		return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
	}

}
