package com.cloudstorage.files.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import com.cloudstorage.files.contracts.CloudEventHeaders;
import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.contracts.Topics;
import com.cloudstorage.files.testsupport.TestClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One upload is one trace (#12), on the launched stack: the caller's W3C
 * {@code traceparent} goes through the gateway to metadata- and storage-service, is
 * stored with the outbox row, leaves with the FileUploaded record as
 * {@code ce_traceparent}, and the consumers (storage workers, share-link projection)
 * continue it. Seen from outside: the record read with a plain Kafka consumer and the
 * lines of each service's log file.
 */
class TracingEndToEndIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	static LaunchedStack stack;

	static KafkaConsumer<String, String> events;

	static final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

	@BeforeAll
	static void startStack() throws Exception {
		stack = SharedStack.get();
		events = TestClients.consumer(stack.kafkaBootstrapServers(), Topics.FILES);
	}

	@AfterAll
	static void closeConsumer() {
		if (events != null) {
			events.close();
		}
	}

	@Test
	void oneUploadIsOneTraceFromTheGatewayThroughTheOutboxToTheConsumers() throws Exception {
		String traceId = randomHex(16);
		String callerSpan = randomHex(8);
		String token = stack.token("alice", "alice-secret");
		HttpResponse<String> created = HTTP
			.send(HttpRequest.newBuilder(stack.gatewayUrl().resolve(URI.create("/api/v1/files?name=traced.txt")))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "text/plain")
				.header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
				.timeout(Duration.ofMinutes(2))
				.POST(HttpRequest.BodyPublishers.ofString("one upload, one trace"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String fileId = JSON.readTree(created.body()).get("id").asString();

		// (a) The event carries the caller's trace as the CloudEvents extension.
		ConsumerRecord<String, String> uploaded = awaitEvent((record) -> fileId.equals(record.key())
				&& EventTypes.FILE_UPLOADED.equals(header(record, CloudEventHeaders.TYPE)));
		String ceTraceparent = header(uploaded, "ce_traceparent");
		assertThat(ceTraceparent).as("ce_traceparent of FileUploaded")
			.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
			.startsWith("00-" + traceId + "-")
			.doesNotContain(callerSpan);
		// The relay's producer span (W3C header of an instrumented producer): same trace.
		assertThat(header(uploaded, "traceparent")).startsWith("00-" + traceId + "-");

		// (b) Every service on the way logged under that trace id.
		Map<String, Predicate<String>> expected = new LinkedHashMap<>();
		expected.put("gateway-service", (line) -> line.contains(fileId));
		expected.put("metadata-service", (line) -> line.contains("Completed upload of file " + fileId));
		// Storage's HTTP leg logs nothing at INFO for a small upload: its worker
		// consuming
		// the event does (the kit's consumer line, DEBUG in the test stack).
		expected.put("storage-service", (line) -> line.contains("Consuming " + EventTypes.FILE_UPLOADED));
		expected.put("share-link-service", (line) -> line.contains("Consuming " + EventTypes.FILE_UPLOADED));
		String correlation = "[" + traceId + ",";
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		Map<String, List<String>> traced = new LinkedHashMap<>();
		while (true) {
			traced.clear();
			for (String service : expected.keySet()) {
				traced.put(service,
						stack.serviceLogLines(service).stream().filter((line) -> line.contains(correlation)).toList());
			}
			boolean all = expected.entrySet()
				.stream()
				.allMatch((entry) -> traced.get(entry.getKey()).stream().anyMatch(entry.getValue()));
			if (all || System.nanoTime() > deadline) {
				break;
			}
			Thread.sleep(500);
		}
		for (Map.Entry<String, Predicate<String>> entry : expected.entrySet()) {
			String service = entry.getKey();
			assertThat(traced.get(service))
				.as("%s lines of trace %s; its log ends:%n%s", service, traceId, stack.serviceLogTail(service))
				.anyMatch(entry.getValue());
		}
	}

	private static ConsumerRecord<String, String> awaitEvent(Predicate<ConsumerRecord<String, String>> match) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (System.nanoTime() < deadline) {
			for (ConsumerRecord<String, String> record : seen) {
				if (match.test(record)) {
					return record;
				}
			}
			events.poll(Duration.ofMillis(200)).forEach(seen::add);
		}
		throw new AssertionError("No matching event on " + Topics.FILES + " within " + PATIENCE);
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		random[0] |= 1;
		return HexFormat.of().formatHex(random);
	}

}
