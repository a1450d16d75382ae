package com.cloudstorage.files.storage.cleanup.messaging;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.kit.events.EventTracing;
import com.cloudstorage.files.kit.events.PartitionOrder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code files.v1}: keeps the catalogue view and removes the bytes of deleted or
 * expired files. Returns a future so that the consumer thread never blocks on S3; the
 * container acknowledges the record when it completes.
 * <p>
 * Failures are handled in {@link FileEventHandler}, not by the container: spring-kafka
 * 4.0 only logs and acknowledges a failed async result unless {@code @RetryableTopic} is
 * used. The future completes only once the record is applied, parked in the durable retry
 * table, or dead-lettered, so no offset is committed past a record whose outcome is not
 * durable, and a provider outage holds a record for seconds, not for the outage.
 */
@Component
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('api')")
class FileEventsListener {

	private final FileEventHandler handler;

	private final EventTracing tracing;

	private final PartitionOrder order;

	FileEventsListener(FileEventHandler handler, EventTracing tracing, PartitionOrder order) {
		this.handler = handler;
		this.tracing = tracing;
		this.order = order;
	}

	@KafkaListener(id = "storage-file-events", idIsGroup = false, topics = Topics.FILES,
			groupId = "${spring.application.name}")
	CompletableFuture<Void> onFileEvent(ConsumerRecord<String, String> record) {
		// Under the trace of the request that caused the event (its ce_traceparent), one
		// record of a partition after the other.
		return this.order.inOrder(record, this.tracing.consuming(record, Mono.defer(() -> this.handler.handle(record))))
			.toFuture();
	}

}
