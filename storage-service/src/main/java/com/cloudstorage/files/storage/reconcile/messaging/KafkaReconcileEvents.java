package com.cloudstorage.files.storage.reconcile.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.StoredObjectHashed;
import com.cloudstorage.files.contracts.events.v1.StoredObjectMissing;
import com.cloudstorage.files.storage.cleanup.ChecksumEvents;
import com.cloudstorage.files.storage.reconcile.ReconcileEvents;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes the reconciler's findings, and the workers' after-the-fact SHA-256s, on
 * {@code storage.v1} as CloudEvents in binary mode, key = file id. Sent straight away,
 * with no outbox: a finding that is not published is found and published again by the
 * next reconciliation; a SHA-256 that is not published fails its {@code FileAssembled}
 * record, which is then tried again.
 */
@Component
class KafkaReconcileEvents implements ReconcileEvents, ChecksumEvents {

	static final String SOURCE = "/storage-service";

	/**
	 * Bounds a send to a broker that is down (the producer itself may wait a minute for
	 * metadata), so a reconciliation ends.
	 */
	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final ObjectMapper JSON = JsonMapper.builder()
		.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
		.build();

	private final KafkaTemplate<String, String> kafka;

	KafkaReconcileEvents(KafkaTemplate<String, String> kafka) {
		this.kafka = kafka;
	}

	@Override
	public Mono<Void> objectMissing(StoredObjectMissing event) {
		return Mono.defer(() -> Mono.fromFuture(this.kafka.send(record(event))))
			// send() may block waiting for metadata: keep that off event-loop threads.
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(SEND_TIMEOUT)
			// The acknowledgement arrives on the producer's network thread: the
			// reconciliation must not go on there.
			.publishOn(Schedulers.parallel())
			.then();
	}

	@Override
	public Mono<Void> objectHashed(StoredObjectHashed event) {
		return send(record(event.id(), EventTypes.STORED_OBJECT_HASHED, event.hashedAt(), event));
	}

	static ProducerRecord<String, String> record(StoredObjectMissing event) {
		return record(event.id(), EventTypes.STORED_OBJECT_MISSING, event.checkedAt(), event);
	}

	private Mono<Void> send(ProducerRecord<String, String> record) {
		return Mono.defer(() -> Mono.fromFuture(this.kafka.send(record)))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(SEND_TIMEOUT)
			.publishOn(Schedulers.parallel())
			.then();
	}

	private static ProducerRecord<String, String> record(UUID id, String type, Instant time, Object event) {
		String fileId = id.toString();
		Headers headers = new RecordHeaders();
		header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
		header(headers, CloudEventHeaders.ID, UUID.randomUUID().toString());
		header(headers, CloudEventHeaders.SOURCE, SOURCE);
		header(headers, CloudEventHeaders.TYPE, type);
		header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(time));
		header(headers, CloudEventHeaders.SUBJECT, fileId);
		header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
		return new ProducerRecord<>(Topics.STORAGE, null, fileId, JSON.writeValueAsString(event), headers);
	}

	private static void header(Headers headers, String name, String value) {
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
