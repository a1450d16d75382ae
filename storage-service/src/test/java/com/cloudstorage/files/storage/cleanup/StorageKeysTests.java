package com.cloudstorage.files.storage.cleanup;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StorageKeysTests {

	private final StorageKeys keys = new StorageKeys(WorkerPropertiesFixtures.withKeyPrefix("files"));

	@Test
	void onlyPrefixSlashCanonicalUuidIsAStorageKey() {
		UUID id = UUID.randomUUID();
		assertThat(this.keys.keyOf(id)).isEqualTo("files/" + id);
		assertThat(this.keys.fileIdOf("files/" + id)).isEqualTo(id);
		assertThat(this.keys.fileIdOf("files/" + id.toString().toUpperCase())).isNull();
		assertThat(this.keys.fileIdOf("files/" + id + "/x")).isNull();
		assertThat(this.keys.fileIdOf("files/")).isNull();
		assertThat(this.keys.fileIdOf("files")).isNull();
		assertThat(this.keys.fileIdOf("other/" + id)).isNull();
		assertThat(this.keys.fileIdOf("files/../" + id.toString().substring(3))).isNull();
		assertThat(this.keys.fileIdOf("files/1-1-1-1-1")).isNull();
	}

	@Test
	void durableRetryBackoffGrowsUpToItsBound() {
		WorkerProperties.Retry retry = WorkerPropertiesFixtures.retry(Duration.ofSeconds(10), 2.0,
				Duration.ofMinutes(10));
		assertThat(retry.backoff(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(retry.backoff(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(retry.backoff(4)).isEqualTo(Duration.ofSeconds(80));
		assertThat(retry.backoff(7)).isEqualTo(Duration.ofMinutes(10));
		assertThat(retry.backoff(10_000)).isEqualTo(Duration.ofMinutes(10));
	}

}
