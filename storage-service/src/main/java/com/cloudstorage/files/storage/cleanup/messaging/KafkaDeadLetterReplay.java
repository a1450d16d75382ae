package com.cloudstorage.files.storage.cleanup.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.kit.tracing.Traced;
import com.cloudstorage.files.storage.cleanup.DeadLetterReplay;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Replays {@code files.v1.dlt} through {@link FileEventHandler}, reading with its own
 * consumer group ({@value #GROUP}) so that each dead letter is replayed once. Only this
 * service's dead letters are replayed (header {@code kafka_dlt-original-consumer-group});
 * other consumers' are skipped. A replayed record that fails again is dead-lettered again
 * (a new record, read by the next replay, not by this one: a replay stops at the end
 * offsets it found when it started).
 */
@Component
@ConditionalOnExpression("!'${files.storage.mode:both}'.equalsIgnoreCase('api')")
class KafkaDeadLetterReplay implements DeadLetterReplay, DisposableBean {

	static final String GROUP = "storage-service-dlt-replay";

	private static final Logger LOG = LoggerFactory.getLogger(KafkaDeadLetterReplay.class);

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private final ConsumerFactory<String, String> consumers;

	private final FileEventHandler handler;

	private final AtomicBoolean running = new AtomicBoolean();

	// The consumer is not thread-safe: every call on it runs on this one thread.
	private final Scheduler consumerThread = Schedulers.newSingle("dlt-replay");

	KafkaDeadLetterReplay(ConsumerFactory<String, String> consumers, FileEventHandler handler) {
		this.consumers = consumers;
		this.handler = handler;
	}

	@Override
	public void destroy() {
		this.consumerThread.dispose();
	}

	@Override
	public Mono<ReplayResult> replay(int max) {
		return Mono.defer(() -> {
			if (!this.running.compareAndSet(false, true)) {
				return Mono.error(new ReplayRunningException());
			}
			return Mono.usingWhen(onConsumerThread(this::open), (session) -> step(session, max),
					(session) -> onConsumerThread(() -> {
						session.consumer.close(Duration.ofSeconds(5));
						return true;
					}))
				.doFinally((signal) -> this.running.set(false));
		});
	}

	private Session open() {
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
		Consumer<String, String> consumer = this.consumers.createConsumer(GROUP, "dlt-replay", null, overrides);
		List<TopicPartition> partitions = new ArrayList<>();
		for (PartitionInfo info : consumer.partitionsFor(Topics.FILES_DEAD_LETTER, Duration.ofSeconds(10))) {
			partitions.add(new TopicPartition(info.topic(), info.partition()));
		}
		consumer.assign(partitions);
		Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
		return new Session(consumer, end, System.nanoTime() + DEADLINE.toNanos());
	}

	private Mono<ReplayResult> step(Session session, int max) {
		return onConsumerThread(session::pollUntilEnd).flatMap((records) -> {
			if (records.isEmpty()) {
				boolean complete = session.atEnd();
				return Traced
					.log(() -> LOG.info("Dead-letter replay read {}, replayed {}, skipped {}{}.", session.read,
							session.replayed, session.skipped, complete ? "" : " (stopped before the end)"))
					.thenReturn(new ReplayResult(session.read, session.replayed, session.skipped, complete));
			}
			return Flux.fromIterable(records)
				.concatMap((record) -> replayOne(session, record))
				.then(onConsumerThread(() -> {
					// Only past what was replayed: a record fetched beyond the end
					// offsets
					// waits for the next replay.
					session.consumer.commitSync(session.replayedUpTo);
					return true;
				}))
				.then(Mono.defer(() -> (session.read >= max)
						? Mono.just(new ReplayResult(session.read, session.replayed, session.skipped, session.atEnd()))
						: step(session, max)));
		});
	}

	private Mono<Void> replayOne(Session session, ConsumerRecord<String, String> record) {
		session.read++;
		session.replayedUpTo.put(new TopicPartition(record.topic(), record.partition()),
				new OffsetAndMetadata(record.offset() + 1));
		String group = DeadLetters.header(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
		if (!DeadLetters.CONSUMER_GROUP.equals(group)) {
			session.skipped++;
			return Mono.empty();
		}
		session.replayed++;
		return this.handler.handle(record);
	}

	private <T> Mono<T> onConsumerThread(java.util.concurrent.Callable<T> call) {
		return Mono.fromCallable(call).subscribeOn(this.consumerThread);
	}

	/** One replay's consumer and counts. */
	private static final class Session {

		final Consumer<String, String> consumer;

		final Map<TopicPartition, Long> end;

		final long deadline;

		final Map<TopicPartition, OffsetAndMetadata> replayedUpTo = new HashMap<>();

		int read;

		int replayed;

		int skipped;

		Session(Consumer<String, String> consumer, Map<TopicPartition, Long> end, long deadline) {
			this.consumer = consumer;
			this.end = end;
			this.deadline = deadline;
		}

		boolean atEnd() {
			for (Map.Entry<TopicPartition, Long> partition : this.end.entrySet()) {
				if (this.consumer.position(partition.getKey()) < partition.getValue()) {
					return false;
				}
			}
			return true;
		}

		/**
		 * The next records before the end offsets seen at the start; none once there or
		 * past the deadline. Pauses partitions that reached their end.
		 */
		List<ConsumerRecord<String, String>> pollUntilEnd() {
			List<ConsumerRecord<String, String>> batch = new ArrayList<>();
			while (batch.isEmpty() && !atEnd() && System.nanoTime() < this.deadline) {
				for (ConsumerRecord<String, String> record : this.consumer.poll(Duration.ofMillis(500))) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (record.offset() < this.end.getOrDefault(partition, 0L)) {
						batch.add(record);
					}
				}
				List<TopicPartition> done = new ArrayList<>();
				this.end.forEach((partition, last) -> {
					if (this.consumer.position(partition) >= last) {
						done.add(partition);
					}
				});
				this.consumer.pause(done);
			}
			return batch;
		}

	}

}
