package com.cloudstorage.files.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Checks event payloads against the published JSON Schemas. Shipped in the contracts
 * test-jar so every producer's tests can prove that what it emits is what the schemas
 * promise.
 */
public final class EventSchemas {

	private static final SchemaRegistry REGISTRY = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

	private EventSchemas() {
	}

	/**
	 * The event name of a {@code ce_type}, e.g. {@code FileUploaded} for
	 * {@code files.metadata.FileUploaded.v1}.
	 */
	public static String eventName(String ceType) {
		String[] parts = ceType.split("\\.");
		if (parts.length < 2 || !parts[parts.length - 1].equals("v1")) {
			throw new IllegalArgumentException("Not a v1 ce_type: " + ceType);
		}
		return parts[parts.length - 2];
	}

	/**
	 * The schema of an event name, loaded from {@code schemas/<name>/v1.json} on the
	 * classpath.
	 */
	public static Schema schema(String eventName) {
		return SCHEMAS.computeIfAbsent(eventName, (name) -> {
			String path = "schemas/" + name + "/v1.json";
			try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(path)) {
				if (in == null) {
					throw new IllegalArgumentException("No schema at " + path);
				}
				return REGISTRY.getSchema(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
						InputFormat.JSON);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/**
	 * The validation errors of a JSON payload against the schema of its {@code ce_type};
	 * empty when valid.
	 */
	public static List<String> errors(String ceType, String json) {
		List<Error> errors = schema(eventName(ceType)).validate(json, InputFormat.JSON);
		return errors.stream().map(Error::toString).toList();
	}

	/**
	 * Fails with the validation errors unless the payload matches the schema of its
	 * {@code ce_type}.
	 */
	public static void assertValid(String ceType, String json) {
		List<String> errors = errors(ceType, json);
		if (!errors.isEmpty()) {
			throw new AssertionError("Payload of " + ceType + " does not match its schema: " + errors);
		}
	}

}
