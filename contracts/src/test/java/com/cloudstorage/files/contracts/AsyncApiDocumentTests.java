package com.cloudstorage.files.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document ({@code asyncapi.yaml}) against the code and the schemas: its
 * channels are exactly the topics, every event type has its message whose payload is the
 * event's schema file, its headers are the CloudEvents headers the producers write, and
 * every golden sample validates against the schema its message references. (No artifact
 * that resolves here carries the official AsyncAPI 3.0 JSON Schema, so the document's
 * shape is checked by these tests and its references resolved by hand.)
 */
class AsyncApiDocumentTests {

	private static final String DOCUMENT = "asyncapi.yaml";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNode ROOT = read();

	@Test
	void theDocumentIsAsyncApi3WithEveryReferenceResolving() {
		assertThat(ROOT.path("asyncapi").asString()).isEqualTo("3.0.0");
		assertThat(ROOT.path("info").path("title").asString()).isNotBlank();
		assertThat(ROOT.path("info").path("version").asString()).isNotBlank();
		assertThat(ROOT.path("defaultContentType").asString()).isEqualTo(CloudEventHeaders.JSON);
		List<String> dangling = new ArrayList<>();
		collectDanglingReferences(ROOT, dangling);
		assertThat(dangling).as("references that resolve to nothing").isEmpty();
		assertThat(ROOT.path("operations").properties()).isNotEmpty().allSatisfy((operation) -> {
			assertThat(operation.getValue().path("action").asString()).as(operation.getKey()).isIn("send", "receive");
			assertThat(operation.getValue().path("channel").path("$ref").asString()).as(operation.getKey())
				.startsWith("#/channels/");
		});
		assertThat(ROOT.path("channels").properties())
			.allSatisfy((channel) -> assertThat(channel.getValue().path("messages").properties())
				.as("messages of %s", channel.getKey())
				.isNotEmpty());
	}

	@Test
	void theCheckFindsADanglingReference() {
		ObjectNode broken = (ObjectNode) ROOT.deepCopy();
		((ObjectNode) broken.path("components").path("messages").path("FileDeleted").path("payload").path("schema"))
			.put("$ref", "./schemas/FileRemoved/v1.json");
		List<String> dangling = new ArrayList<>();
		collectDanglingReferences(broken, dangling);
		assertThat(dangling).containsExactly("./schemas/FileRemoved/v1.json");
	}

	@Test
	void theChannelsAreExactlyTheTopics() {
		Set<String> addresses = new LinkedHashSet<>();
		ROOT.path("channels")
			.properties()
			.forEach((channel) -> addresses.add(channel.getValue().path("address").asString()));

		assertThat(addresses).containsExactlyInAnyOrderElementsOf(constants(Topics.class));
	}

	@Test
	void aDeadLetterChannelSaysWhyAndWhereFrom() {
		ROOT.path("channels").properties().forEach((channel) -> {
			if (channel.getValue().path("address").asString().endsWith(".dlt")) {
				channel.getValue().path("messages").forEach((message) -> {
					JsonNode headers = inline(inline(message).path("headers"));
					assertThat(headers.path("required").valueStream().map(JsonNode::asString))
						.as("headers of %s", channel.getKey())
						.contains("dlt_reason", "kafka_dlt-original-topic");
				});
			}
		});
	}

	@Test
	void everyEventTypeHasOneMessageWhosePayloadIsItsSchemaFile() {
		Map<String, JsonNode> byType = messagesByType();

		assertThat(byType.keySet()).containsExactlyInAnyOrderElementsOf(constants(EventTypes.class));
		byType.forEach((type, message) -> {
			String reference = message.path("payload").path("schema").path("$ref").asString();
			assertThat(reference).as("payload of %s", type)
				.isEqualTo("./schemas/" + EventSchemas.eventName(type) + "/v1.json");
			assertThat(resource(reference)).as("schema file of %s", type).isNotBlank();
			assertThat(message.path("payload").path("schemaFormat").asString())
				.isEqualTo("application/schema+json;version=2020-12");
		});
	}

	@Test
	void everyGoldenSampleValidatesAgainstTheSchemaItsMessageReferences() {
		messagesByType().forEach((type, message) -> {
			Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
				.getSchema(resource(message.path("payload").path("schema").path("$ref").asString()), InputFormat.JSON);
			String sample = resource("samples/v1/" + EventSchemas.eventName(type) + ".json");

			assertThat(errors(schema, sample)).as("sample of %s", type).isEmpty();
			assertThat(errors(schema, "{}")).as("an empty %s", type).isNotEmpty();
		});
	}

	@Test
	void theHeadersAreTheCloudEventsHeadersTheProducersWrite() {
		JsonNode headers = ROOT.path("components").path("schemas").path("CloudEventHeaders");
		assertThat(headers.path("properties").propertyNames()).containsExactlyInAnyOrder(CloudEventHeaders.SPEC_VERSION,
				CloudEventHeaders.ID, CloudEventHeaders.SOURCE, CloudEventHeaders.TYPE, CloudEventHeaders.TIME,
				CloudEventHeaders.SUBJECT, CloudEventHeaders.CONTENT_TYPE);
		assertThat(headers.path("properties").path(CloudEventHeaders.SPEC_VERSION).path("const").asString())
			.isEqualTo(CloudEventHeaders.SPEC_VERSION_1_0);
		assertThat(headers.path("properties").path(CloudEventHeaders.CONTENT_TYPE).path("const").asString())
			.isEqualTo(CloudEventHeaders.JSON);

		messagesByType().forEach((type, message) -> {
			Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
				.getSchema(JSON.writeValueAsString(inline(message.path("headers"))), InputFormat.JSON);
			Map<String, String> written = recordHeaders(type);

			assertThat(errors(schema, JSON.writeValueAsString(written))).as("headers of %s", type).isEmpty();
			written.put(CloudEventHeaders.TYPE,
					EventTypes.LINK_CREATED.equals(type) ? EventTypes.LINK_REVOKED : EventTypes.LINK_CREATED);
			assertThat(errors(schema, JSON.writeValueAsString(written))).as("another type's headers on %s", type)
				.isNotEmpty();
			written.put(CloudEventHeaders.TYPE, type);
			written.remove(CloudEventHeaders.ID);
			assertThat(errors(schema, JSON.writeValueAsString(written))).as("%s without ce_id", type).isNotEmpty();
		});
	}

	/** Headers as metadata-service's outbox relay (or storage-service) writes them. */
	private static Map<String, String> recordHeaders(String type) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
		headers.put(CloudEventHeaders.ID, "0b6f7e1a-2c3d-4e5f-8a9b-1c2d3e4f5a6b");
		headers.put(CloudEventHeaders.SOURCE, type.startsWith("files.storage.") ? "/storage-service"
				: type.startsWith("files.") ? "/metadata-service" : "/erp");
		headers.put(CloudEventHeaders.TYPE, type);
		headers.put(CloudEventHeaders.TIME, "2026-11-30T08:00:00Z");
		if (type.startsWith("files.")) {
			headers.put(CloudEventHeaders.SUBJECT, "3f2b6a4e-8c1d-4e0b-9a57-2d1f0c9e7b11");
		}
		headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
		return headers;
	}

	/** Each message that carries one event type, by its {@code ce_type}. */
	private static Map<String, JsonNode> messagesByType() {
		Map<String, JsonNode> byType = new LinkedHashMap<>();
		ROOT.path("components").path("messages").properties().forEach((entry) -> {
			JsonNode headers = inline(entry.getValue().path("headers"));
			for (JsonNode part : headers.path("allOf")) {
				JsonNode type = part.path("properties").path(CloudEventHeaders.TYPE).path("const");
				if (type.isString()) {
					assertThat(byType.put(type.asString(), entry.getValue())).as("messages of %s", type.asString())
						.isNull();
				}
			}
		});
		return byType;
	}

	/** The node with every local {@code $ref} replaced by what it points to. */
	private static JsonNode inline(JsonNode node) {
		if (node.isObject() && node.path("$ref").asString("").startsWith("#/")) {
			return inline(ROOT.at(node.path("$ref").asString().substring(1)));
		}
		if (node.isObject()) {
			ObjectNode copy = JSON.createObjectNode();
			node.properties().forEach((entry) -> copy.set(entry.getKey(), inline(entry.getValue())));
			return copy;
		}
		if (node.isArray()) {
			tools.jackson.databind.node.ArrayNode copy = JSON.createArrayNode();
			node.forEach((item) -> copy.add(inline(item)));
			return copy;
		}
		return node;
	}

	/**
	 * Every {@code $ref} that resolves to nothing: local ones within the document,
	 * relative ones to a resource next to it.
	 */
	private static void collectDanglingReferences(JsonNode node, List<String> dangling) {
		if (node.isObject() && node.has("$ref")) {
			String reference = node.path("$ref").asString();
			boolean resolves = reference.startsWith("#/") ? !ROOT.at(reference.substring(1)).isMissingNode()
					: exists(reference);
			if (!resolves) {
				dangling.add(reference);
			}
		}
		node.forEach((child) -> collectDanglingReferences(child, dangling));
	}

	private static List<String> errors(Schema schema, String json) {
		return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
	}

	/** The values of a class's public string constants. */
	private static List<String> constants(Class<?> holder) {
		List<String> values = new ArrayList<>();
		for (Field field : holder.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				try {
					values.add((String) field.get(null));
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return values;
	}

	private static boolean exists(String reference) {
		return AsyncApiDocumentTests.class.getClassLoader().getResource(classpath(reference)) != null;
	}

	private static String resource(String reference) {
		try (InputStream in = AsyncApiDocumentTests.class.getClassLoader().getResourceAsStream(classpath(reference))) {
			assertThat(in).as(reference).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A reference relative to the document, which sits at the classpath's root. */
	private static String classpath(String reference) {
		return reference.startsWith("./") ? reference.substring(2) : reference;
	}

	private static JsonNode read() {
		return YAMLMapper.builder().build().readTree(resource(DOCUMENT));
	}

}
