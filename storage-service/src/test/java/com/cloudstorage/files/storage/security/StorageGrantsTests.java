package com.cloudstorage.files.storage.security;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.cloudstorage.files.storage.TestGrants;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageGrantsTests {

	private static final String KEY = "files/6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	/**
	 * A grant metadata-service's StorageGrants signs for ("local", KEY, 1024, expiring at
	 * 1900000000) with key "k1" = TestGrants.KEY; its StorageGrantsTests has the same
	 * string, so the two services agree on the format.
	 */
	private static final String GOLDEN = "k1.bG9jYWwKZmlsZXMvNmYxYzJhOGUtM2I0ZC00ZTVmLThhOWItMGMxZDJlM2Y0YTViCjEwMjQKMTkwMDAwMDAwMA"
			+ ".UI_-jYwYRfHP3QEsYaCHeJbSkkzkS3OvEycq2veu4e8";

	private static final Instant BEFORE_EXPIRY = Instant.ofEpochSecond(1_900_000_000L - 1);

	private final StorageGrants grants = grantsAt(BEFORE_EXPIRY, Map.of("k1", TestGrants.KEY));

	@Test
	void metadataServicesGrantPassesForItsKeyAndUpToItsBytes() {
		assertThatCode(() -> this.grants.require(GOLDEN, "local", KEY, 1024)).doesNotThrowAnyException();
		assertThatCode(() -> this.grants.require(GOLDEN, "local", KEY, 0)).doesNotThrowAnyException();
	}

	@Test
	void anythingElseIsForbidden() {
		assertForbidden(null, "local", KEY, 0);
		assertForbidden("", "local", KEY, 0);
		assertForbidden("not-a-grant", "local", KEY, 0);
		assertForbidden(GOLDEN, "local", KEY + "x", 0);
		assertForbidden(GOLDEN, "other", KEY, 0);
		assertForbidden(GOLDEN, "local", KEY, 1025);
		// One character of the MAC changed, and the payload of another grant spliced in.
		assertForbidden(GOLDEN.substring(0, GOLDEN.length() - 1) + "A", "local", KEY, 0);
		String other = TestGrants.grant("k1", TestGrants.KEY, "local", KEY, Long.MAX_VALUE,
				Instant.ofEpochSecond(1_900_000_000L));
		String[] parts = GOLDEN.split("\\.");
		String spliced = parts[0] + "." + other.split("\\.")[1] + "." + parts[2];
		assertForbidden(spliced, "local", KEY, 2048);
	}

	@Test
	void anExpiredGrantOrOneSignedWithAnUnknownKeyIsForbidden() {
		StorageGrants later = grantsAt(Instant.ofEpochSecond(1_900_000_000L), Map.of("k1", TestGrants.KEY));
		assertThatThrownBy(() -> later.require(GOLDEN, "local", KEY, 0)).isInstanceOf(AccessRefusedException.class)
			.hasMessage("This key was not reserved by metadata-service for this write.");
		StorageGrants rotatedAway = grantsAt(BEFORE_EXPIRY,
				Map.of("k2", "c2Vjb25kLXRlc3Qtc3RvcmFnZS1ncmFudC1rZXktMzI="));
		assertThatThrownBy(() -> rotatedAway.require(GOLDEN, "local", KEY, 0))
			.isInstanceOf(AccessRefusedException.class);
	}

	@Test
	void duringRotationGrantsOfTheOldAndTheNewKeyPass() {
		StorageGrants both = grantsAt(BEFORE_EXPIRY,
				Map.of("k1", TestGrants.KEY, "k2", "c2Vjb25kLXRlc3Qtc3RvcmFnZS1ncmFudC1rZXktMzI="));
		String newer = TestGrants.grant("k2", "c2Vjb25kLXRlc3Qtc3RvcmFnZS1ncmFudC1rZXktMzI=", "local", KEY, 10,
				Instant.ofEpochSecond(1_900_000_000L));
		assertThatCode(() -> both.require(GOLDEN, "local", KEY, 10)).doesNotThrowAnyException();
		assertThatCode(() -> both.require(newer, "local", KEY, 10)).doesNotThrowAnyException();
	}

	@Test
	void withoutAKeyTheByteApiDoesNotStart() {
		assertThatThrownBy(() -> grantsAt(BEFORE_EXPIRY, Map.of()))
			.hasMessageContaining("files.storage.grants.keys.<key-id>");
		assertThatThrownBy(() -> grantsAt(BEFORE_EXPIRY, Map.of("k1", "c2hvcnQ=")))
			.hasMessageContaining("at least 32 bytes");
	}

	/**
	 * metadata-service's StorageGrantsTests signs exactly this read grant for ("local",
	 * KEY) until 2026-11-30T12:01:00Z (1796040060) under key "k1".
	 */
	private static final String READ_GOLDEN = "k1.bG9jYWwKZmlsZXMvNmYxYzJhOGUtM2I0ZC00ZTVmLThhOWItMGMxZDJlM2Y0YTViCjAKMTc5NjA0MDA2MApyZWFk"
			+ ".o-N1w6-v-lXVxQIxt6ZWe019j9VGHsdyyByEB_adk9w";

	private static final Instant BEFORE_READ_EXPIRY = Instant.ofEpochSecond(1_796_040_060L - 1);

	@Test
	void metadataServicesReadGrantReadsItsKeyAndNothingElse() {
		StorageGrants reading = grantsAt(BEFORE_READ_EXPIRY, Map.of("k1", TestGrants.KEY));
		assertThatCode(() -> reading.requireRead(READ_GOLDEN, "local", KEY)).doesNotThrowAnyException();
		assertForbidden(() -> reading.requireRead(READ_GOLDEN, "local", KEY + "x"));
		assertForbidden(() -> reading.requireRead(READ_GOLDEN, "other", KEY));
		assertForbidden(() -> reading.requireRead(null, "local", KEY));
		// A read grant writes nothing, not even 0 bytes (a multipart start or abort).
		assertForbidden(() -> reading.require(READ_GOLDEN, "local", KEY, 0));
		StorageGrants later = grantsAt(Instant.ofEpochSecond(1_796_040_060L), Map.of("k1", TestGrants.KEY));
		assertForbidden(() -> later.requireRead(READ_GOLDEN, "local", KEY));
	}

	@Test
	void aWriteGrantReadsNothing() {
		assertForbidden(() -> this.grants.requireRead(GOLDEN, "local", KEY));
	}

	private static void assertForbidden(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOf(AccessRefusedException.class);
	}

	private void assertForbidden(String grant, String provider, String key, long bytes) {
		assertThatThrownBy(() -> this.grants.require(grant, provider, key, bytes))
			.isInstanceOf(AccessRefusedException.class);
	}

	private static StorageGrants grantsAt(Instant now, Map<String, String> keys) {
		return new StorageGrants(new StorageGrantProperties(keys), Clock.fixed(now, ZoneOffset.UTC));
	}

}
