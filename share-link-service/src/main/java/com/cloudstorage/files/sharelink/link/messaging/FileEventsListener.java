package com.cloudstorage.files.sharelink.link.messaging;

import java.util.Map;
import java.util.function.BooleanSupplier;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.FileDeleted;
import com.cloudstorage.files.contracts.events.v1.FileUploaded;
import com.cloudstorage.files.contracts.events.v1.LinkCreated;
import com.cloudstorage.files.contracts.events.v1.LinkReset;
import com.cloudstorage.files.contracts.events.v1.LinkRevoked;
import com.cloudstorage.files.kit.events.CloudEventReader;
import com.cloudstorage.files.kit.events.EventConsumerPolicy;
import com.cloudstorage.files.kit.events.IncomingEvent;
import com.cloudstorage.files.sharelink.link.persistence.LinkProjection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

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

	private final EventConsumerPolicy policy;

	private final BooleanSupplier projectionIsEmpty;

	FileEventsListener(LinkProjection projection, EventConsumerPolicy policy, ProjectionState state) {
		this.projection = projection;
		this.policy = policy;
		this.projectionIsEmpty = state::isEmpty;
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

	/**
	 * Applies one event under the kit's consumer policy: unknown types and fields are
	 * ignored, a record that cannot be read goes to {@code files.v1.dlt}, and a transient
	 * failure (database down) is retried until it passes, so the projection never skips
	 * an event.
	 */
	@KafkaListener(topics = Topics.FILES, groupId = "${spring.application.name}")
	Mono<Void> on(ConsumerRecord<String, String> record) {
		return this.policy.consume(record, (event) -> apply(event).doOnNext((done) -> {
			if (done) {
				LOG.debug("Applied {} {} for file {}.", event.type(), event.id(), event.key());
			}
		}));
	}

	private Mono<Boolean> apply(IncomingEvent event) {
		CloudEventReader reader = this.policy.reader();
		return switch (event.type()) {
			case EventTypes.FILE_UPLOADED -> this.projection.apply(event.id(), reader.body(event, FileUploaded.class));
			case EventTypes.FILE_DELETED -> this.projection.apply(event.id(), reader.body(event, FileDeleted.class));
			case EventTypes.LINK_CREATED -> this.projection.apply(event.id(), reader.body(event, LinkCreated.class));
			case EventTypes.LINK_RESET -> this.projection.apply(event.id(), reader.body(event, LinkReset.class));
			case EventTypes.LINK_REVOKED -> this.projection.apply(event.id(), reader.body(event, LinkRevoked.class));
			default -> Mono.just(false);
		};
	}

}
