package com.cloudstorage.files.metadata;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pending-upload sweep runs on a schedule for the life of the service: a reservation
 * made after start-up and never completed expires once it is older than the TTL. (The
 * sweep used to compute its cutoff once, at start-up, so such reservations never expired
 * and their bytes were never removed.)
 */
@TestPropertySource(
		properties = { "files.metadata.expiry-sweep-interval=PT0.5S", "files.metadata.pending-upload-ttl=PT2S" })
class PendingUploadExpiryIntegrationTests extends IntegrationTestSupport {

	@Test
	void aReservationMadeAfterStartUpExpiresOnceOlderThanTheTtl() {
		String owner = unique("ivy");
		UUID abandoned = reserve(owner, reservation("abandoned.pdf", false, null, List.of()));

		List<ConsumerRecord<String, String>> records = consume(List.of(abandoned.toString()), 1);

		assertThat(header(records.get(0), CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_UPLOAD_EXPIRED);
		// Expired means gone for good: the upload can no longer be completed.
		assertThat(complete(owner, abandoned, "abandoned.pdf").expectBody(String.class)
			.returnResult()
			.getStatus()
			.is4xxClientError()).isTrue();
	}

}
