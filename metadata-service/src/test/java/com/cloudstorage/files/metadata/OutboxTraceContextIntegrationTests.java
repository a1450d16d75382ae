package com.cloudstorage.files.metadata;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.kit.events.EventTracing;
import com.cloudstorage.files.localinfra.TestInfrastructure;
import com.cloudstorage.files.metadata.file.FileManagement;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace of the request that committed a change travels with its event: stored with
 * the outbox row, published as {@code ce_traceparent} (and as the producer span's
 * {@code traceparent}), on real PostgreSQL and Kafka. Baggage and {@code tracestate} a
 * client sends never reach the event.
 */
class OutboxTraceContextIntegrationTests extends IntegrationTestSupport {

	@Test
	void theOutboxRowKeepsTheRequestsTraceAndThePublishedRecordCarriesIt() {
		String owner = unique("tracy");
		String traceId = randomHex(16);
		String callerSpan = randomHex(8);
		UUID id = reserve(owner, reservation("traced.pdf", false, null, List.of()));
		this.http.post()
			.uri("/internal/v1/uploads/{id}/complete", id)
			.headers(asGatewayFor(owner, USER))
			.header(EventTracing.W3C_TRACEPARENT, "00-" + traceId + "-" + callerSpan + "-01")
			.header("tracestate", "vendor=opaque-state")
			.header("baggage", "session=do-not-publish-me")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("bucket", TestInfrastructure.BUCKET, "size", 1234, "sha256", sha256("traced.pdf"), "etag",
					"\"etag-" + id + "\""))
			.exchange()
			.expectStatus()
			.isOk();

		String stored = storedTraceparent(id, EventTypes.FILE_UPLOADED);
		assertThat(EventTracing.valid(stored)).as("a well-formed traceparent: %s", stored).isNotNull();
		assertThat(EventTracing.traceIdOf(stored)).isEqualTo(traceId);
		assertThat(stored).as("a span of metadata-service, child of the caller's").doesNotContain(callerSpan);

		ConsumerRecord<String, String> record = consume(List.of(id.toString()), 1).get(0);
		assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.FILE_UPLOADED);
		assertThat(header(record, EventTracing.TRACEPARENT_HEADER)).isEqualTo(stored);
		// The producer span of the relay is in the same trace.
		assertThat(EventTracing.traceIdOf(header(record, EventTracing.W3C_TRACEPARENT))).isEqualTo(traceId);
		for (Header header : record.headers()) {
			assertThat(new String(header.value(), StandardCharsets.UTF_8)).as(header.key())
				.doesNotContain("do-not-publish-me")
				.doesNotContain("opaque-state");
		}
	}

	/**
	 * The request's own log lines carry its trace id (#12) with limited context
	 * propagation (#10): "Completed upload" is written after the database transaction, in
	 * a Reactor operator that no longer restores the request's observation by itself.
	 */
	@Test
	void aLogLineWrittenAfterTheTransactionCarriesTheRequestsTraceId() {
		String owner = unique("tracy");
		String traceId = randomHex(16);
		UUID id = reserve(owner, reservation("logged.pdf", false, null, List.of()));
		List<String> lines = new CopyOnWriteArrayList<>();
		// traceId from the MDC as the log pattern reads it, taken when the line is
		// written.
		AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				lines.add("[" + event.getMDCPropertyMap().getOrDefault("traceId", "") + "] "
						+ event.getFormattedMessage() + " (" + event.getThreadName() + ")");
			}
		};
		Logger files = (Logger) LoggerFactory.getLogger(FileManagement.class);
		capture.start();
		files.addAppender(capture);
		try {
			this.http.post()
				.uri("/internal/v1/uploads/{id}/complete", id)
				.headers(asGatewayFor(owner, USER))
				.header(EventTracing.W3C_TRACEPARENT, "00-" + traceId + "-" + randomHex(8) + "-01")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("bucket", TestInfrastructure.BUCKET, "size", 1234, "sha256", sha256("logged.pdf"),
						"etag", "\"etag-" + id + "\""))
				.exchange()
				.expectStatus()
				.isOk();
		}
		finally {
			files.detachAppender(capture);
			capture.stop();
		}
		assertThat(lines).as("FileManagement's lines")
			.anyMatch((line) -> line.startsWith("[" + traceId + "] Completed upload of file " + id + "."));
	}

	@Test
	void aChangeWithoutACallerTraceStillCarriesATraceOfItsOwn() {
		String owner = unique("tracy");
		UUID id = reserve(owner, reservation("untraced.pdf", false, null, List.of()));
		this.http.post()
			.uri("/internal/v1/uploads/{id}/complete", id)
			.headers(asGatewayFor(owner, USER))
			.header(EventTracing.W3C_TRACEPARENT, "00-not-a-trace-context-01")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("bucket", TestInfrastructure.BUCKET, "size", 1234, "sha256", sha256("untraced.pdf"),
					"etag", "\"etag-" + id + "\""))
			.exchange()
			.expectStatus()
			.isOk();

		String stored = storedTraceparent(id, EventTypes.FILE_UPLOADED);
		assertThat(EventTracing.valid(stored)).as("the request's own trace: %s", stored).isNotNull();
		ConsumerRecord<String, String> record = consume(List.of(id.toString()), 1).get(0);
		assertThat(header(record, EventTracing.TRACEPARENT_HEADER)).isEqualTo(stored);
	}

	private String storedTraceparent(UUID id, String type) {
		return this.db.sql("SELECT traceparent FROM outbox WHERE aggregate_id = :id AND event_type = :type")
			.bind("id", id)
			.bind("type", type)
			.map((row) -> row.get("traceparent", String.class))
			.one()
			.block();
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		random[0] |= 1;
		return HexFormat.of().formatHex(random);
	}

}
