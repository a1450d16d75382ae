package com.cloudstorage.files.sharelink.link.messaging;

import java.util.List;
import java.util.Map;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.contracts.events.v1.FileAssembled;
import com.cloudstorage.files.contracts.events.v1.FileDeleted;
import com.cloudstorage.files.contracts.events.v1.FileUploaded;
import com.cloudstorage.files.contracts.events.v1.LinkCreated;
import com.cloudstorage.files.contracts.events.v1.LinkReset;
import com.cloudstorage.files.contracts.events.v1.LinkRevoked;
import com.cloudstorage.files.kit.events.CloudEventReader;
import com.cloudstorage.files.kit.events.EventConsumerPolicy;
import com.cloudstorage.files.kit.events.IncomingEvent;
import com.cloudstorage.files.kit.tracing.Traced;
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
 * Builds the link projection from {@code files.v1}. Every replica writes the one shared
 * projection database, in one consumer group. Where to read from comes from that
 * database, not from the group's committed offsets: a partition resumes where the
 * projection stands in it, and one it never read starts from the beginning. So a wiped
 * database rebuilds itself, and one restored from a backup replays what it lacks,
 * whichever replica gets the partition.
 */
@Component
class FileEventsListener implements ConsumerSeekAware {

	private static final Logger LOG = LoggerFactory.getLogger(FileEventsListener.class);

	private final LinkProjection projection;

	private final EventConsumerPolicy policy;

	private final ProjectionState state;

	FileEventsListener(LinkProjection projection, EventConsumerPolicy policy, ProjectionState state) {
		this.projection = projection;
		this.policy = policy;
		this.state = state;
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		// Runs on the consumer thread, once per rebalance: plain JDBC on a connection of
		// its own, never a block() on the reactive pool that the web layer shares.
		Map<Integer, Long> positions = this.state.positions(Topics.FILES);
		for (TopicPartition partition : assignments.keySet()) {
			Long next = positions.get(partition.partition());
			if (next == null) {
				LOG.info("The projection has not read {} yet: reading it from the beginning.", partition);
				callback.seekToBeginning(List.of(partition));
			}
			else {
				LOG.info("Reading {} from offset {}, where the projection stands.", partition, next);
				callback.seek(partition.topic(), partition.partition(), next);
			}
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
		return this.policy.consume(record, (event) -> apply(event).doOnEach(Traced.onNext((done) -> {
			if (done) {
				LOG.debug("Applied {} {} for file {}.", event.type(), event.id(), event.key());
			}
		})))
			.then(this.projection.advance(record.topic(), record.partition(), record.offset() + 1)
				// A position that lags only means reading an applied event again.
				.onErrorResume((ex) -> {
					LOG.warn("Could not record the position {}-{}@{}: {}", record.topic(), record.partition(),
							record.offset() + 1, ex.toString());
					return Mono.empty();
				}));
	}

	private Mono<Boolean> apply(IncomingEvent event) {
		CloudEventReader reader = this.policy.reader();
		return switch (event.type()) {
			case EventTypes.FILE_UPLOADED -> this.projection.apply(event.id(), reader.body(event, FileUploaded.class));
			case EventTypes.FILE_ASSEMBLED ->
				this.projection.apply(event.id(), reader.body(event, FileAssembled.class));
			case EventTypes.FILE_DELETED -> this.projection.apply(event.id(), reader.body(event, FileDeleted.class));
			case EventTypes.LINK_CREATED -> this.projection.apply(event.id(), reader.body(event, LinkCreated.class));
			case EventTypes.LINK_RESET -> this.projection.apply(event.id(), reader.body(event, LinkReset.class));
			case EventTypes.LINK_REVOKED -> this.projection.apply(event.id(), reader.body(event, LinkRevoked.class));
			default -> Mono.just(false);
		};
	}

}
