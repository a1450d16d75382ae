package com.cloudstorage.files.storage.object.web;

import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.cloudstorage.files.storage.IntegrationTestSupport;
import com.cloudstorage.files.storage.TestTokens;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A download goes to the provider with a presigned URL; with Reactor Netty's loggers at
 * DEBUG (as someone chasing a connection problem would set them), the URL's signature
 * still appears in no log line.
 */
@TestPropertySource(properties = "logging.level.reactor.netty=debug")
@ExtendWith(OutputCaptureExtension.class)
class PresignedUrlsStayOutOfLogsIntegrationTests extends IntegrationTestSupport {

	@Test
	void aStreamedDownloadLogsNoPresignedUrl(CapturedOutput output) {
		byte[] bytes = new byte[100_000];
		new Random(7).nextBytes(bytes);
		String key = "test/" + UUID.randomUUID();
		s3().putObject((r) -> r.bucket(BUCKET).key(key), software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
		int before = output.length();

		// The client adds the read grant (TestGrants.reservingEveryKey).
		byte[] read = this.client.get()
			.uri("/internal/v1/objects/local?key={key}", key)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.service())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();

		assertThat(read).isEqualTo(bytes);
		String logged = output.toString().substring(before);
		// Reactor Netty did write DEBUG lines for this download, none with the URL.
		assertThat(logged).contains("DEBUG").doesNotContain("X-Amz-Signature").doesNotContain("X-Amz-Credential");
	}

}
