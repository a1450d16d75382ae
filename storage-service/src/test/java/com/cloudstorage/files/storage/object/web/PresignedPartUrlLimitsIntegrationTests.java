package com.cloudstorage.files.storage.object.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.TestTokens;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a presigned part URL cannot do, as the provider (S3Proxy, checking SigV4) enforces
 * it: write under another key, or write once it expired.
 */
@TestPropertySource(properties = "files.storage.multipart.part-url-ttl=PT10S")
class PresignedPartUrlLimitsIntegrationTests extends IntegrationTestSupport {

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final String WRITE = TestTokens.service();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@Test
	void aPartUrlWritesNeitherAnotherKeyNorAfterItExpired() throws Exception {
		String key = ObjectApiIntegrationTests.newKey();
		String victim = ObjectApiIntegrationTests.newKey();
		this.client.post()
			.uri("/internal/v1/multipart-uploads/local?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.exchange()
			.expectStatus()
			.isCreated();
		List<URI> urls = partUrls(key);

		// Moved to another key, the signature no longer holds.
		URI otherKey = URI.create(urls.get(1).toString().replace(key, victim));
		assertThat(status(otherKey, new byte[10])).isEqualTo(403);
		// Still within its lifetime (checked after the refusal): the URLs themselves
		// work.
		assertThat(status(urls.get(0), new byte[10])).isEqualTo(200);

		Thread.sleep(Duration.ofSeconds(12).toMillis());
		assertThat(status(urls.get(1), new byte[10])).as("expired").isEqualTo(403);

		List<Map<String, Object>> parts = this.client.get()
			.uri("/internal/v1/multipart-uploads/local/parts?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(parts).extracting((part) -> part.get("partNumber")).containsExactly(1);
		assertThat(s3().listObjectsV2((r) -> r.bucket(BUCKET).prefix(victim)).contents()).isEmpty();
		// Leaves no open upload behind for the other classes sharing this database.
		this.client.delete()
			.uri("/internal/v1/multipart-uploads/local?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	private List<URI> partUrls(String key) {
		Map<String, Object> answer = this.client.post()
			.uri("/internal/v1/multipart-uploads/local/part-urls?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(
					Map.of("parts", List.of(Map.of("partNumber", 1, "size", 10), Map.of("partNumber", 2, "size", 10))))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> urls = (List<Map<String, Object>>) answer.get("urls");
		return urls.stream().map((url) -> URI.create((String) url.get("url"))).toList();
	}

	private static int status(URI url, byte[] bytes) throws Exception {
		return HTTP
			.send(HttpRequest.newBuilder(url)
				.timeout(Duration.ofSeconds(60))
				.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
