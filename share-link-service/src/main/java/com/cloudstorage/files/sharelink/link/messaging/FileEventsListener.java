package com.cloudstorage.files.sharelink.link.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.FileDeleted;
import com.cloudstorage.files.contracts.events.v1.FileUploaded;
import com.cloudstorage.files.contracts.events.v1.LinkCreated;
import com.cloudstorage.files.contracts.events.v1.LinkReset;
import com.cloudstorage.files.contracts.events.v1.LinkRevoked;
import com.cloudstorage.files.sharelink.link.persistence.LinkProjection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Builds the link projection from {@code files.v1}. A fresh, empty projection starts from
 * the beginning of the topic, so a new replica or a wiped database rebuilds itself from
 * Kafka.
 */
@Component
class FileEventsListener implements ConsumerSeekAware {

	private static final Logger LOG = LoggerFactory.getLogger(FileEventsListener.class);

	private final LinkProjection projection;

	private final JsonMapper json;

	private final java.util.function.BooleanSupplier projectionIsEmpty;

	FileEventsListener(LinkProjection projection, JsonMapper json, ProjectionState state) {
		this.projection = projection;
		this.projectionIsEmpty = state::isEmpty;
		// Consumers ignore unknown fields: producers may add fields within v1.
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		// Runs on the consumer thread, once per rebalance: plain JDBC on a connection of
		// its own, never a block()
		// on the reactive pool that the web layer shares.
		if (this.projectionIsEmpty.getAsBoolean()) {
			LOG.info("Projection is empty: rebuilding from the beginning of {}.", Topics.FILES);
			callback.seekToBeginning(assignments.keySet());
		}
	}

	@KafkaListener(topics = Topics.FILES, groupId = "${spring.application.name}")
	Mono<Void> on(ConsumerRecord<String, String> record) {
		String type = header(record, CloudEventHeaders.TYPE);
		String id = header(record, CloudEventHeaders.ID);
		if (type == null || id == null) {
			LOG.warn("Skipping a record without CloudEvents headers at {}-{}@{}.", record.topic(), record.partition(),
					record.offset());
			return Mono.empty();
		}
		Mono<Boolean> applied;
		try {
			applied = switch (type) {
				case EventTypes.FILE_UPLOADED -> this.projection.apply(id, read(record, FileUploaded.class));
				case EventTypes.FILE_DELETED -> this.projection.apply(id, read(record, FileDeleted.class));
				case EventTypes.LINK_CREATED -> this.projection.apply(id, read(record, LinkCreated.class));
				case EventTypes.LINK_RESET -> this.projection.apply(id, read(record, LinkReset.class));
				case EventTypes.LINK_REVOKED -> this.projection.apply(id, read(record, LinkRevoked.class));
				default -> Mono.just(false);
			};
		}
		catch (tools.jackson.core.JacksonException ex) {
			// Not retriable: a record that cannot be read would block its partition
			// forever.
			LOG.warn("Skipping unreadable {} record at {}-{}@{}.", type, record.topic(), record.partition(),
					record.offset());
			return Mono.empty();
		}
		// A failed async listener result is acknowledged and dropped by the container, so
		// transient failures
		// (database down) are retried here until they pass: the projection never skips an
		// event.
		return applied
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
				.maxBackoff(Duration.ofSeconds(10))
				.doBeforeRetry((signal) -> LOG.warn("Retrying {} {} after: {}", type, id, signal.failure().toString())))
			.doOnNext((done) -> {
				if (done) {
					LOG.debug("Applied {} {} for file {}.", type, id, record.key());
				}
			})
			.then();
	}

	private <T> T read(ConsumerRecord<String, String> record, Class<T> type) {
		return this.json.readValue(record.value(), type);
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
