package com.cloudstorage.files.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.cloudstorage.files.contracts.events.v1.Attachment;
import com.cloudstorage.files.contracts.events.v1.DocumentStatusChanged;
import com.cloudstorage.files.contracts.events.v1.FileAssembled;
import com.cloudstorage.files.contracts.events.v1.FileDeleted;
import com.cloudstorage.files.contracts.events.v1.FileUploadExpired;
import com.cloudstorage.files.contracts.events.v1.FileUploaded;
import com.cloudstorage.files.contracts.events.v1.LinkCreated;
import com.cloudstorage.files.contracts.events.v1.LinkReset;
import com.cloudstorage.files.contracts.events.v1.LinkRevoked;
import com.cloudstorage.files.contracts.events.v1.StoredObjectHashed;
import com.cloudstorage.files.contracts.events.v1.StoredObjectMissing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compatibility gate: golden samples must still deserialize and validate; records must
 * serialize to valid JSON.
 */
class ContractsTests {

	private static final JsonMapper STRICT = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
		.build();

	static Stream<Arguments> events() {
		return Stream.of(Arguments.of(EventTypes.FILE_UPLOADED, FileUploaded.class),
				Arguments.of(EventTypes.FILE_DELETED, FileDeleted.class),
				Arguments.of(EventTypes.FILE_UPLOAD_EXPIRED, FileUploadExpired.class),
				Arguments.of(EventTypes.LINK_CREATED, LinkCreated.class),
				Arguments.of(EventTypes.LINK_RESET, LinkReset.class),
				Arguments.of(EventTypes.LINK_REVOKED, LinkRevoked.class),
				Arguments.of(EventTypes.DOCUMENT_STATUS_CHANGED, DocumentStatusChanged.class),
				Arguments.of(EventTypes.STORED_OBJECT_MISSING, StoredObjectMissing.class),
				Arguments.of(EventTypes.FILE_ASSEMBLED, FileAssembled.class),
				Arguments.of(EventTypes.STORED_OBJECT_HASHED, StoredObjectHashed.class));
	}

	@ParameterizedTest
	@MethodSource("events")
	void goldenSampleValidatesAndRoundTrips(String ceType, Class<? extends Record> type) throws IOException {
		String sample = sample(EventSchemas.eventName(ceType));
		assertThat(EventSchemas.errors(ceType, sample)).isEmpty();

		Record event = STRICT.readValue(sample, type);
		String written = STRICT.writeValueAsString(event);
		assertThat(EventSchemas.errors(ceType, written)).isEmpty();
		assertThat(STRICT.readTree(written)).isEqualTo(STRICT.readTree(sample));
	}

	@Test
	void fileUploadedUsesThePrivateJsonName() {
		FileUploaded event = new FileUploaded(UUID.randomUUID(), "a.txt", 1, "text/plain", "a".repeat(64), false, null,
				"bob", "local", "files", "files/x", List.of(new Attachment("T", "N")));
		JsonNode json = STRICT.valueToTree(event);
		assertThat(json.get("private").asBoolean()).isFalse();
		assertThat(json.has("privateFile")).isFalse();
		EventSchemas.assertValid(EventTypes.FILE_UPLOADED, json.toString());
	}

	@Test
	void schemaRejectsAPayloadMissingRequiredFieldsOrWithBadValues() {
		assertThatThrownBy(() -> EventSchemas.assertValid(EventTypes.FILE_DELETED, "{\"id\":\"x\"}"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("provider");
		assertThat(EventSchemas.errors(EventTypes.DOCUMENT_STATUS_CHANGED,
				"{\"type\":\"T\",\"name\":\"N\",\"status\":\"archived\"}"))
			.isNotEmpty();
		assertThat(EventSchemas.errors(EventTypes.FILE_UPLOADED,
				sampleUnchecked("FileUploaded").replace("9f86d081", "NOT-HEX!")))
			.isNotEmpty();
		assertThat(EventSchemas.errors(EventTypes.STORED_OBJECT_MISSING,
				sampleUnchecked("StoredObjectMissing").replace("\"checkedAt\"", "\"seenAt\"")))
			.isNotEmpty();
	}

	@Test
	void everyEventTypeEndsInItsRecordNameAndHasASchemaAndASample() {
		for (String type : List.of(EventTypes.FILE_UPLOADED, EventTypes.FILE_DELETED, EventTypes.FILE_UPLOAD_EXPIRED,
				EventTypes.LINK_CREATED, EventTypes.LINK_RESET, EventTypes.LINK_REVOKED,
				EventTypes.DOCUMENT_STATUS_CHANGED, EventTypes.STORED_OBJECT_MISSING)) {
			String name = EventSchemas.eventName(type);
			assertThat(EventSchemas.schema(name)).isNotNull();
			assertThat(sampleUnchecked(name)).isNotBlank();
		}
	}

	private static String sampleUnchecked(String name) {
		try {
			return sample(name);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static String sample(String name) throws IOException {
		try (InputStream in = ContractsTests.class.getClassLoader()
			.getResourceAsStream("samples/v1/" + name + ".json")) {
			assertThat(in).as("sample for %s", name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
