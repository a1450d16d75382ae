package com.cloudstorage.files.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.localinfra.TestInfrastructure;

/**
 * Publishes {@code files.v1} events the way metadata-service's outbox relay does
 * (CloudEvents binary mode, key = file id) to the real test broker, and reads the DLT and
 * storage's own topic.
 */
public final class FileEventsTopic {

	private static KafkaProducer<String, String> producer;

	private FileEventsTopic() {
	}

	private static synchronized KafkaProducer<String, String> producer() {
		if (producer == null) {
			Properties properties = new Properties();
			properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
			properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
			properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
			producer = new KafkaProducer<>(properties);
		}
		return producer;
	}

	public static String fileUploaded(UUID fileId, String provider, String key) {
		return "{\"id\":\"" + fileId + "\",\"name\":\"report.pdf\",\"size\":3,\"contentType\":\"application/pdf\","
				+ "\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\",\"private\":true,"
				+ "\"folder\":null,\"owner\":\"alice\",\"provider\":\"" + provider + "\",\"bucket\":\""
				+ IntegrationTestSupport.BUCKET + "\",\"key\":\"" + key + "\",\"attachments\":[]}";
	}

	public static String fileDeleted(UUID fileId, String provider, String key) {
		return "{\"id\":\"" + fileId + "\",\"provider\":\"" + provider + "\",\"bucket\":\""
				+ IntegrationTestSupport.BUCKET + "\",\"key\":\"" + key + "\",\"deletedBy\":\"alice\"}";
	}

	public static String fileUploadExpired(UUID fileId, String provider, String key) {
		return "{\"id\":\"" + fileId + "\",\"provider\":\"" + provider + "\",\"bucket\":null,\"key\":\"" + key + "\"}";
	}

	/** Sends with a fresh {@code ce_id}, which it returns. */
	public static String send(UUID fileId, String type, String body) {
		String eventId = UUID.randomUUID().toString();
		send(fileId, eventId, type, body);
		return eventId;
	}

	public static void send(UUID fileId, String eventId, String type, String body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
		if (eventId != null) {
			headers.put(CloudEventHeaders.ID, eventId);
		}
		headers.put(CloudEventHeaders.SOURCE, "/metadata-service");
		headers.put(CloudEventHeaders.TYPE, type);
		headers.put(CloudEventHeaders.TIME, Instant.now().toString());
		headers.put(CloudEventHeaders.SUBJECT, fileId.toString());
		headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
		send(Topics.FILES, fileId.toString(), body, headers);
	}

	public static void send(String topic, String key, String body, Map<String, String> headers) {
		ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, body);
		headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		try {
			producer().send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The first dead letter carrying this {@code ce_id}, read from the beginning. */
	public static ConsumerRecord<String, String> deadLetter(String eventId, Duration timeout) {
		List<ConsumerRecord<String, String>> found = deadLetters(
				(record) -> eventId.equals(header(record, CloudEventHeaders.ID)), timeout, true);
		if (found.isEmpty()) {
			throw new AssertionError("No dead letter for event " + eventId);
		}
		return found.get(0);
	}

	/**
	 * Every dead letter matching, read from the beginning to the end offsets; or, with
	 * {@code firstOnly}, the first one found within the timeout.
	 */
	public static List<ConsumerRecord<String, String>> deadLetters(
			java.util.function.Predicate<ConsumerRecord<String, String>> matching, Duration timeout,
			boolean firstOnly) {
		return records(Topics.FILES_DEAD_LETTER, matching, timeout, firstOnly);
	}

	/**
	 * Every record of the topic matching, read from the beginning to the end offsets; or,
	 * with {@code firstOnly}, the first one found within the timeout.
	 */
	public static List<ConsumerRecord<String, String>> records(String topic,
			java.util.function.Predicate<ConsumerRecord<String, String>> matching, Duration timeout,
			boolean firstOnly) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		List<ConsumerRecord<String, String>> found = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + timeout.toNanos();
			int emptyPolls = 0;
			while (System.nanoTime() < deadline) {
				var records = consumer.poll(Duration.ofMillis(500));
				if (records.isEmpty() && !firstOnly && !consumer.assignment().isEmpty() && ++emptyPolls >= 4) {
					break;
				}
				for (ConsumerRecord<String, String> record : records) {
					if (matching.test(record)) {
						found.add(record);
						if (firstOnly) {
							return found;
						}
					}
				}
			}
		}
		return found;
	}

	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
