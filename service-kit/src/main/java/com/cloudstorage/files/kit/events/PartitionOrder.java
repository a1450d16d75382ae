package com.cloudstorage.files.kit.events;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import org.springframework.kafka.support.KafkaUtils;

/**
 * Applies the records of one partition one after another, in offset order, as Kafka
 * delivers them.
 * <p>
 * spring-kafka calls an asynchronous listener (one returning a {@link Mono} or a future)
 * for the next record of a poll without waiting for the previous record's work to finish.
 * Without this, two events of one key (a file's upload and the link created for it right
 * after) could be applied in either order, and a consumer that records how far it got
 * could record a position past a record still in flight.
 * <p>
 * Each listener call registers its record as the partition's newest before returning, on
 * the consumer thread that delivers records in order; the work itself starts once the
 * previous record of the same consumer group, topic and partition has finished (applied,
 * dead-lettered or cancelled).
 */
public final class PartitionOrder {

	private final Map<String, CompletableFuture<Void>> newest = new ConcurrentHashMap<>();

	/**
	 * The record's work, to start after the previous record of its partition has
	 * finished. Call it from the listener method itself (the consumer thread), and
	 * subscribe to the result: the partition waits for it.
	 */
	public Mono<Void> inOrder(ConsumerRecord<?, ?> record, Mono<Void> work) {
		String partition = KafkaUtils.getConsumerGroupId() + "/" + record.topic() + "-" + record.partition();
		CompletableFuture<Void> finished = new CompletableFuture<>();
		CompletableFuture<Void> previous = this.newest.put(partition, finished);
		// The previous record's future only ever completes normally; a cancelled
		// subscriber here must not cancel it for the record waiting behind.
		Mono<Void> afterPrevious = (previous != null) ? Mono.fromFuture(previous, true) : Mono.empty();
		return afterPrevious.then(Mono.defer(() -> work)).doFinally((signal) -> {
			this.newest.remove(partition, finished);
			finished.complete(null);
		});
	}

	/** Partitions with a record registered and not finished yet (for tests). */
	int pending() {
		return this.newest.size();
	}

}
