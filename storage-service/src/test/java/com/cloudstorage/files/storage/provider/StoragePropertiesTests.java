package com.cloudstorage.files.storage.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import com.cloudstorage.files.storage.provider.ProviderProperties.ChecksumMode;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class StoragePropertiesTests {

	private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	private static final ProviderProperties.Timeouts TIMEOUTS = new ProviderProperties.Timeouts(Duration.ofSeconds(2),
			Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
			Duration.ofSeconds(8), DataSize.ofMegabytes(1), 128, Duration.ofSeconds(60));

	private static final ProviderProperties.Breaker BREAKER = new ProviderProperties.Breaker(50, 10, 4,
			Duration.ofSeconds(10), 2);

	private static final ProviderProperties LOCAL = new ProviderProperties(URI.create("http://127.0.0.1:9000"),
			"us-east-1", "files", true, "local", "localsecret", ChecksumMode.WHEN_REQUIRED, TIMEOUTS, BREAKER);

	private static final StorageProperties.Transfers TRANSFERS = new StorageProperties.Transfers(16, 64,
			DataSize.ofMegabytes(64), DataSize.ofKilobytes(256), Duration.ofSeconds(2));

	@Test
	void localDefaultsAreValid() {
		assertThat(this.validator.validate(properties(DataSize.ofMegabytes(8), Duration.ofSeconds(60)))).isEmpty();
	}

	@Test
	void presignTtlOverSixtySecondsIsRefused() {
		assertThat(messages(properties(DataSize.ofMegabytes(8), Duration.ofSeconds(61))))
			.anyMatch((message) -> message.contains("presign-ttl"));
	}

	@Test
	void partSizeUnderTheS3MinimumIsRefused() {
		assertThat(messages(properties(DataSize.ofMegabytes(4), Duration.ofSeconds(60))))
			.anyMatch((message) -> message.contains("part-size"));
	}

	@Test
	void memoryBudgetSmallerThanTwoPartsIsRefused() {
		StorageProperties.Transfers small = new StorageProperties.Transfers(16, 64, DataSize.ofMegabytes(15),
				DataSize.ofKilobytes(256), Duration.ofSeconds(2));
		assertThat(messages(properties(DataSize.ofMegabytes(8), Duration.ofSeconds(60), LOCAL, small)))
			.anyMatch((message) -> message.contains("memory-budget"));
	}

	@Test
	void downloadBufferAndRetryAfterAreChecked() {
		StorageProperties.Transfers tiny = new StorageProperties.Transfers(16, 64, DataSize.ofMegabytes(64),
				DataSize.ofBytes(100), Duration.ofMillis(10));
		assertThat(messages(properties(DataSize.ofMegabytes(8), Duration.ofSeconds(60), LOCAL, tiny)))
			.anyMatch((message) -> message.contains("download-buffer"))
			.anyMatch((message) -> message.contains("retry-after"));
	}

	@Test
	void attemptTimeoutLongerThanCallIsRefused() {
		ProviderProperties.Timeouts inverted = new ProviderProperties.Timeouts(Duration.ofSeconds(2),
				Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(9),
				Duration.ofSeconds(8), DataSize.ofMegabytes(1), 128, Duration.ofSeconds(60));
		ProviderProperties profile = new ProviderProperties(null, "us-east-1", "files", true, null, null,
				ChecksumMode.WHEN_REQUIRED, inverted, BREAKER);
		assertThat(messages(properties(DataSize.ofMegabytes(8), Duration.ofSeconds(60), profile, TRANSFERS)))
			.anyMatch((message) -> message.contains("attempt at most call"));
	}

	@Test
	void callsCarryingBytesGetTheTimeTheirBytesTakeAtTheSlowestRate() {
		assertThat(TIMEOUTS.callFor(0)).isEqualTo(Duration.ofSeconds(8));
		assertThat(TIMEOUTS.callFor(8L * 1024 * 1024)).isEqualTo(Duration.ofSeconds(16));
		assertThat(TIMEOUTS.attemptFor(512L * 1024)).isEqualTo(Duration.ofMillis(5500));
	}

	@Test
	void secretNeverAppearsInToString() {
		assertThat(LOCAL.toString()).doesNotContain("localsecret").contains("files");
	}

	private Set<String> messages(StorageProperties properties) {
		return this.validator.validate(properties)
			.stream()
			.map(ConstraintViolation::getMessage)
			.collect(java.util.stream.Collectors.toSet());
	}

	private static StorageProperties properties(DataSize partSize, Duration presignTtl) {
		return properties(partSize, presignTtl, LOCAL, TRANSFERS);
	}

	private static StorageProperties properties(DataSize partSize, Duration presignTtl, ProviderProperties local,
			StorageProperties.Transfers transfers) {
		return new StorageProperties("local", Map.of("local", local), partSize, presignTtl, Duration.ofHours(6),
				Duration.ofMinutes(5), StorageProperties.Mode.BOTH,
				new StorageProperties.Cleanup(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)), transfers,
				DataSize.ofGigabytes(5));
	}

}
