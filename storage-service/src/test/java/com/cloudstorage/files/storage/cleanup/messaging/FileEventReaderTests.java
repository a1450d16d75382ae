package com.cloudstorage.files.storage.cleanup.messaging;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.contracts.EventTypes;
import com.cloudstorage.files.kit.events.InvalidEventException;
import com.cloudstorage.files.storage.cleanup.StorageKeys;
import com.cloudstorage.files.storage.cleanup.WorkerPropertiesFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileEventReaderTests {

	private static final UUID FILE = UUID.fromString("3f2b6a4e-8c1d-4e0b-9a57-2d1f0c9e7b11");

	private static final String KEY = "files/" + FILE;

	private final FileEventReader reader = new FileEventReader(Map.of("local", "files", "other", "other-bucket"),
			new StorageKeys(WorkerPropertiesFixtures.withKeyPrefix("files")));

	@Test
	void aFileDeletedWithAnExtraFieldIsRead() {
		FileEvent event = this.reader.read(EventTypes.FILE_DELETED, "e1",
				"{\"id\":\"" + FILE + "\",\"provider\":\"local\",\"bucket\":\"files\",\"key\":\"" + KEY
						+ "\",\"deletedBy\":\"alice\",\"reason\":{\"code\":\"retention\"},\"version\":2}");
		assertThat(event).isEqualTo(new FileEvent.Removal("e1", EventTypes.FILE_DELETED, FILE, "local", KEY));
	}

	@Test
	void aFileUploadExpiredWithoutBucketIsRead() {
		FileEvent event = this.reader.read(EventTypes.FILE_UPLOAD_EXPIRED, "e2",
				"{\"id\":\"" + FILE + "\",\"provider\":\"local\",\"bucket\":null,\"key\":\"" + KEY + "\"}");
		assertThat(event).isInstanceOf(FileEvent.Removal.class);
	}

	@Test
	void aFileUploadedIsReadWithOnlyTheFieldsTheWorkersNeed() {
		FileEvent event = this.reader.read(EventTypes.FILE_UPLOADED, "e3", "{\"id\":\"" + FILE
				+ "\",\"name\":\"x.pdf\",\"size\":3,\"provider\":\"local\",\"bucket\":\"files\",\"key\":\"" + KEY
				+ "\",\"attachments\":[{\"type\":\"Sales Invoice\",\"name\":\"INV-1\"}],\"newField\":[1,2]}");
		assertThat(event).isEqualTo(new FileEvent.Uploaded("e3", FILE, "local", KEY));
	}

	@Test
	void theContractsGoldenSamplesAreRead() throws Exception {
		assertThat(this.reader.read(EventTypes.FILE_DELETED, "s1", sample("FileDeleted")))
			.isEqualTo(new FileEvent.Removal("s1", EventTypes.FILE_DELETED, FILE, "local", KEY));
		assertThat(this.reader.read(EventTypes.FILE_UPLOADED, "s2", sample("FileUploaded")))
			.isEqualTo(new FileEvent.Uploaded("s2", FILE, "local", KEY));
		assertThat(this.reader.read(EventTypes.FILE_UPLOAD_EXPIRED, "s3", sample("FileUploadExpired")))
			.isInstanceOf(FileEvent.Removal.class);
		assertThat(this.reader.read(EventTypes.FILE_ASSEMBLED, "s4", sample("FileAssembled")))
			.isEqualTo(new FileEvent.Assembled("s4", FILE, "local", KEY, 1073741824L));
	}

	@Test
	void aFileAssembledNeedsItsSize() {
		String body = "{\"id\":\"" + FILE + "\",\"provider\":\"local\",\"bucket\":\"files\",\"key\":\"" + KEY + "\"}";
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.reader.read(EventTypes.FILE_ASSEMBLED, "a1", body))
			.withMessageContaining("size");
		assertThat(this.reader.read(EventTypes.FILE_ASSEMBLED, "a2", body.replace("}", ",\"size\":0}")))
			.isEqualTo(new FileEvent.Assembled("a2", FILE, "local", KEY, 0));
	}

	private static String sample(String type) throws java.io.IOException {
		try (var in = FileEventReaderTests.class.getResourceAsStream("/samples/v1/" + type + ".json")) {
			assertThat(in).as("contracts sample " + type).isNotNull();
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

	@Test
	void unknownAndMissingTypesAreIgnoredWhateverTheBody() {
		assertThat(this.reader.read("files.metadata.FileArchived.v1", null, "{not json"))
			.isInstanceOf(FileEvent.Ignored.class);
		assertThat(this.reader.read(EventTypes.LINK_CREATED, "e", "{}")).isInstanceOf(FileEvent.Ignored.class);
		assertThat(this.reader.read(null, "e", "{}")).isInstanceOf(FileEvent.Ignored.class);
	}

	@Test
	void recordsItCannotActOnAreRejectedWithAReason() {
		assertRejected(null, deleted("local", "files", KEY), "without ce_id");
		assertRejected(" ", deleted("local", "files", KEY), "without ce_id");
		assertRejected("x".repeat(201), deleted("local", "files", KEY), "longer than 200");
		assertRejected("a\nb", deleted("local", "files", KEY), "control character");
		assertRejected("e", "{not json", "not a readable");
		assertRejected("e", "[]", "not a readable");
		assertRejected("e", "", "without a body");
		assertRejected("e", "{\"id\":\"nope\",\"provider\":\"local\",\"bucket\":\"files\",\"key\":\"" + KEY + "\"}",
				"not a UUID");
		assertRejected("e", "{\"provider\":\"local\",\"bucket\":\"files\",\"key\":\"" + KEY + "\"}", "file id");
		assertRejected("e", "{\"id\":\"" + FILE + "\",\"provider\":\"local\",\"bucket\":\"files\",\"key\":{}}",
				"not a readable");
		assertRejected("e", deleted("nowhere", "files", KEY), "not configured");
		assertRejected("e", deleted("", "files", KEY), "without a provider");
	}

	@Test
	void forgedTargetsAreRejected() {
		assertRejected("e", deleted("local", "other-bucket", KEY), "bucket other than");
		assertRejected("e", deleted("local", null, KEY), "without a bucket");
		assertRejected("e", deleted("local", "files", "files/../" + FILE), "<prefix>/<file id>");
		assertRejected("e", deleted("local", "files", "files"), "<prefix>/<file id>");
		assertRejected("e", deleted("local", "files", "files/"), "<prefix>/<file id>");
		assertRejected("e", deleted("local", "files", ""), "<prefix>/<file id>");
		assertRejected("e", deleted("local", "files", "other/" + FILE), "<prefix>/<file id>");
		assertRejected("e", deleted("local", "files", KEY + "/child"), "<prefix>/<file id>");
		assertRejected("e", deleted("local", "files", KEY.toUpperCase()), "<prefix>/<file id>");
		// A well-formed key of another file: the event may only remove its own file's
		// bytes.
		assertRejected("e", deleted("local", "files", "files/" + UUID.randomUUID()), "<prefix>/<file id>");
	}

	private void assertRejected(String eventId, String body, String reason) {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.reader.read(EventTypes.FILE_DELETED, eventId, body))
			.withMessageContaining(reason);
	}

	private static String deleted(String provider, String bucket, String key) {
		return "{\"id\":\"" + FILE + "\",\"provider\":\"" + provider + "\",\"bucket\":"
				+ ((bucket != null) ? "\"" + bucket + "\"" : "null") + ",\"key\":\"" + key
				+ "\",\"deletedBy\":\"alice\"}";
	}

}
