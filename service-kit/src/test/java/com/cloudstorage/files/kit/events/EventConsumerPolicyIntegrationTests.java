package com.cloudstorage.files.kit.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.localinfra.KafkaServer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The one consumer failure policy, against a real KRaft broker. */
class EventConsumerPolicyIntegrationTests {

	private static KafkaServer kafka;

	private static KafkaTemplate<String, String> template;

	private final String topic = "policy-" + UUID.randomUUID();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final EventConsumerPolicy policy = new EventConsumerPolicy(
			new CloudEventReader(JsonMapper.builder().build()), new DeadLetters(template, "kit-tests", this.meters),
			new EventConsumerProperties(3, Duration.ofMillis(10), Duration.ofMillis(50)), this.meters);

	@BeforeAll
	static void startKafka() {
		kafka = KafkaServer.start(0, 1);
		template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
				new StringSerializer()));
	}

	@AfterAll
	static void stopKafka() {
		template.destroy();
		kafka.close();
	}

	private ConsumerRecord<String, String> record(String id) {
		return new ConsumerRecord<>(this.topic, 0, 7L, "file-1", "{}") {
			{
				if (id != null) {
					headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
				}
				headers().add("ce_type", "files.metadata.FileDeleted.v1".getBytes(StandardCharsets.UTF_8));
			}
		};
	}

	@Test
	void aTransientFailureIsRetriedUntilItWorksAndNothingIsDeadLettered() {
		AtomicInteger attempts = new AtomicInteger();
		this.policy
			.consume(record("e-1"), (event) -> (attempts.incrementAndGet() < 3)
					? Mono.error(new IllegalStateException("database down")) : Mono.empty())
			.block(Duration.ofSeconds(10));
		assertThat(attempts).hasValue(3);
		assertThat(deadLetters(Duration.ofSeconds(2))).isEmpty();
		assertThat(retries()).isEqualTo(2);
		assertThat(this.meters.find(DeadLetters.DEAD_LETTERS_METER).counters()).isEmpty();
	}

	@Test
	void anInvalidRecordGoesToTheDeadLetterTopicAtOnceWithItsReason() {
		AtomicInteger attempts = new AtomicInteger();
		this.policy.consume(record(null), (event) -> {
			attempts.incrementAndGet();
			return Mono.empty();
		}).block(Duration.ofSeconds(10));
		assertThat(attempts).hasValue(0);
		List<ConsumerRecord<String, String>> dead = deadLetters(Duration.ofSeconds(10));
		assertThat(dead).hasSize(1);
		assertThat(header(dead.get(0), DeadLetters.REASON_HEADER)).contains("ce_id");
		assertThat(dead.get(0).key()).isEqualTo("file-1");
		assertThat(this.meters.get(DeadLetters.DEAD_LETTERS_METER)
			.tag("exception", "InvalidEventException")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void aFailureThatOutlastsTheAttemptsIsDeadLetteredAfterThem() {
		AtomicInteger attempts = new AtomicInteger();
		this.policy.consume(record("e-2"), (event) -> {
			attempts.incrementAndGet();
			return Mono.error(new IllegalStateException("provider down"));
		}).block(Duration.ofSeconds(10));
		assertThat(attempts).hasValue(3);
		List<ConsumerRecord<String, String>> dead = deadLetters(Duration.ofSeconds(10));
		assertThat(dead).hasSize(1);
		assertThat(header(dead.get(0), DeadLetters.REASON_HEADER)).startsWith("Gave up after 3 attempts")
			.contains("provider down");
		assertThat(header(dead.get(0), "ce_id")).isEqualTo("e-2");
		assertThat(retries()).isEqualTo(2);
		assertThat(this.meters.get(DeadLetters.DEAD_LETTERS_METER)
			.tag("topic", this.topic)
			.tag("exception", "GaveUpException")
			.counter()
			.count()).isEqualTo(1);
	}

	private double retries() {
		return this.meters.get(EventConsumerPolicy.RETRIES_METER)
			.tag("topic", this.topic)
			.tag("stage", EventConsumerPolicy.IN_MEMORY)
			.counter()
			.count();
	}

	@Test
	void anInvalidEventRaisedByTheHandlerIsNotRetried() {
		AtomicInteger attempts = new AtomicInteger();
		this.policy.consume(record("e-3"), (event) -> {
			attempts.incrementAndGet();
			return Mono.error(new InvalidEventException("key is not ours"));
		}).block(Duration.ofSeconds(10));
		assertThat(attempts).hasValue(1);
		assertThat(deadLetters(Duration.ofSeconds(10))).singleElement()
			.satisfies((dead) -> assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("key is not ours"));
	}

	private List<ConsumerRecord<String, String>> deadLetters(Duration wait) {
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, UUID.randomUUID().toString(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(DeadLetters.topicFor(this.topic)));
			long deadline = System.nanoTime() + wait.toNanos();
			while (System.nanoTime() < deadline && records.isEmpty()) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		return records;
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		return CloudEventReader.header(record, name);
	}

}
