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

	private static final ProviderProperties LOCAL = new ProviderProperties(URI.create("http://127.0.0.1:9000"),
			"us-east-1", "files", true, "local", "localsecret", ChecksumMode.WHEN_REQUIRED);

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
		return new StorageProperties("local", Map.of("local", LOCAL), partSize, presignTtl, Duration.ofHours(6),
				Duration.ofSeconds(2), Duration.ofSeconds(30), StorageProperties.Mode.BOTH,
				new StorageProperties.Cleanup(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)));
	}

}
