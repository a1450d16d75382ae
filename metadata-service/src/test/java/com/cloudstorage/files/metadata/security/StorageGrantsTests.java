package com.cloudstorage.files.metadata.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageGrantsTests {

	/** base64 of 32 bytes; a test key, not a secret. */
	private static final String KEY = "dGVzdC1vbmx5LXN0b3JhZ2UtZ3JhbnQta2V5LTMyYnk=";

	private static final String OTHER_KEY = "c2Vjb25kLXRlc3Qtc3RvcmFnZS1ncmFudC1rZXktMzI=";

	private static final String OBJECT = "files/6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	/**
	 * A read grant for ("local", OBJECT) until NOW + 1 min under key "k1" (written out by
	 * hand; storage-service's StorageGrantsTests has the same string).
	 */
	private static final String READ_GOLDEN = "k1.bG9jYWwKZmlsZXMvNmYxYzJhOGUtM2I0ZC00ZTVmLThhOWItMGMxZDJlM2Y0YTViCjAKMTc5NjA0MDA2MApyZWFk"
			+ ".o-N1w6-v-lXVxQIxt6ZWe019j9VGHsdyyByEB_adk9w";

	/**
	 * storage-service's StorageGrantsTests accepts exactly this string for ("local",
	 * OBJECT, 1024 bytes, until 1900000000) under key "k1": the two services agree on the
	 * format.
	 */
	@Test
	void signsTheFormatStorageServiceChecks() {
		StorageGrants grants = grants(Map.of("k1", KEY), null, Duration.ofMinutes(5));
		assertThat(grants.sign("local", OBJECT, 1024, Instant.ofEpochSecond(1_900_000_000L)))
			.isEqualTo("k1.bG9jYWwKZmlsZXMvNmYxYzJhOGUtM2I0ZC00ZTVmLThhOWItMGMxZDJlM2Y0YTViCjEwMjQKMTkwMDAwMDAwMA"
					+ ".UI_-jYwYRfHP3QEsYaCHeJbSkkzkS3OvEycq2veu4e8");
	}

	@Test
	void anUploadsGrantLastsTheTtlASessionsUntilTheSessionExpires() {
		StorageGrants grants = grants(Map.of("k1", KEY), null, Duration.ofMinutes(5));
		assertThat(StorageGrantClaims.of(grants.forUpload("local", OBJECT, 1024)))
			.isEqualTo("local\n" + OBJECT + "\n1024\n" + NOW.plusSeconds(300).getEpochSecond());
		Instant sessionEnd = NOW.plus(Duration.ofHours(1));
		assertThat(StorageGrantClaims.of(grants.forSession("local", OBJECT, 20_000_000L, sessionEnd)))
			.isEqualTo("local\n" + OBJECT + "\n20000000\n" + sessionEnd.getEpochSecond());
	}

	/**
	 * storage-service's StorageGrantsTests accepts exactly this string as a read grant
	 * for ("local", OBJECT, until NOW + read-ttl of one minute) under key "k1".
	 */
	@Test
	void aReadGrantNamesTheKeyAndTheOperationAndLastsTheReadTtl() {
		StorageGrants grants = grants(Map.of("k1", KEY), null, Duration.ofMinutes(5));
		String grant = grants.forRead("local", OBJECT);
		assertThat(StorageGrantClaims.of(grant))
			.isEqualTo("local\n" + OBJECT + "\n0\n" + NOW.plusSeconds(60).getEpochSecond() + "\nread");
		assertThat(grant).isEqualTo(READ_GOLDEN);
	}

	@Test
	void aZeroReadTtlIsRefused() {
		assertThatThrownBy(
				() -> new StorageGrantProperties(Map.of("k1", KEY), null, Duration.ofMinutes(5), Duration.ZERO))
			.hasMessageContaining("read-ttl");
	}

	@Test
	void newGrantsUseTheActiveKey() {
		StorageGrants grants = grants(Map.of("k1", KEY, "k2", OTHER_KEY), "k2", Duration.ofMinutes(5));
		assertThat(grants.forUpload("local", OBJECT, 1)).startsWith("k2.");
	}

	@Test
	void withoutAUsableKeyTheServiceDoesNotStart() {
		assertThatThrownBy(
				() -> new StorageGrantProperties(Map.of(), null, Duration.ofMinutes(5), Duration.ofMinutes(1)))
			.hasMessageContaining("files.metadata.storage-grants.keys.<key-id>");
		assertThatThrownBy(() -> new StorageGrantProperties(Map.of("k1", KEY, "k2", OTHER_KEY), null,
				Duration.ofMinutes(5), Duration.ofMinutes(1)))
			.hasMessageContaining("files.metadata.storage-grants.active-key");
		assertThatThrownBy(() -> grants(Map.of("k1", "c2hvcnQ="), null, Duration.ofMinutes(5)))
			.hasMessageContaining("at least 32 bytes");
		assertThatThrownBy(() -> grants(Map.of("K1", KEY), null, Duration.ofMinutes(5)))
			.hasMessageContaining("lower-case");
	}

	@Test
	void theKeysNeverShowInTheSettingsText() {
		assertThat(new StorageGrantProperties(Map.of("k1", KEY), null, Duration.ofMinutes(5), Duration.ofMinutes(1))
			.toString()).contains("k1").doesNotContain(KEY);
	}

	private static StorageGrants grants(Map<String, String> keys, String active, Duration ttl) {
		return new StorageGrants(new StorageGrantProperties(keys, active, ttl, Duration.ofMinutes(1)),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

}
