package com.cloudstorage.files.kit.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.kafka.support.KafkaUtils;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionOrderTests {

	private final PartitionOrder order = new PartitionOrder();

	private final List<String> started = new CopyOnWriteArrayList<>();

	@AfterEach
	void leaveTheConsumerGroup() {
		KafkaUtils.clearConsumerGroupId();
	}

	@Test
	void aRecordStartsOnlyAfterThePreviousRecordOfItsPartitionFinished() {
		KafkaUtils.setConsumerGroupId("share-link-service");
		Sinks.Empty<Void> slowUpload = Sinks.empty();
		CompletableFuture<Void> upload = this.order
			.inOrder(record("files.v1", 3, 10), work("upload", slowUpload.asMono()))
			.toFuture();
		CompletableFuture<Void> link = this.order.inOrder(record("files.v1", 3, 11), work("link", Mono.empty()))
			.toFuture();

		assertThat(this.started).containsExactly("upload");
		assertThat(link).isNotDone();

		slowUpload.tryEmitEmpty();
		upload.join();
		link.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
		assertThat(this.started).containsExactly("upload", "link");
		assertThat(this.order.pending()).isZero();
	}

	@Test
	void otherPartitionsAndOtherConsumerGroupsDoNotWait() {
		KafkaUtils.setConsumerGroupId("share-link-service");
		Sinks.Empty<Void> stuck = Sinks.empty();
		this.order.inOrder(record("files.v1", 0, 1), work("stuck", stuck.asMono())).subscribe();
		CompletableFuture<Void> otherPartition = this.order
			.inOrder(record("files.v1", 1, 1), work("other partition", Mono.empty()))
			.toFuture();
		KafkaUtils.setConsumerGroupId("storage-service");
		CompletableFuture<Void> otherGroup = this.order
			.inOrder(record("files.v1", 0, 2), work("other group", Mono.empty()))
			.toFuture();

		assertThat(otherPartition).isDone();
		assertThat(otherGroup).isDone();
		assertThat(this.started).containsExactly("stuck", "other partition", "other group");
		stuck.tryEmitEmpty();
	}

	@Test
	void aFailedOrCancelledRecordDoesNotHoldItsPartitionUp() {
		Sinks.Empty<Void> neverEnds = Sinks.empty();
		CompletableFuture<Void> failed = this.order
			.inOrder(record("files.v1", 0, 1), work("failed", Mono.error(new IllegalStateException("down"))))
			.toFuture();
		var cancelled = this.order.inOrder(record("files.v1", 0, 2), work("cancelled", neverEnds.asMono())).subscribe();
		CompletableFuture<Void> next = this.order.inOrder(record("files.v1", 0, 3), work("next", Mono.empty()))
			.toFuture();

		assertThat(failed).isCompletedExceptionally();
		assertThat(next).isNotDone();
		cancelled.dispose();
		next.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
		assertThat(this.started).containsExactly("failed", "cancelled", "next");
		assertThat(this.order.pending()).isZero();
	}

	private Mono<Void> work(String name, Mono<Void> body) {
		return Mono.defer(() -> {
			this.started.add(name);
			return body;
		}).timeout(Duration.ofSeconds(30));
	}

	private static ConsumerRecord<String, String> record(String topic, int partition, long offset) {
		return new ConsumerRecord<>(topic, partition, offset, "key", "value");
	}

}
