package com.cloudstorage.files.localstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka's format tool runs once per Kafka version; every new log directory after that is
 * a copy of what it wrote, with ids of its own. (Every stack the other tests start has a
 * new log directory, so its broker starts from such a copy.)
 */
class KafkaFormatTests {

	@TempDir
	Path directory;

	@Test
	void theToolRunsOnceAndEachNewLogDirectoryGetsItsOwnClusterAndDirectoryIds() throws Exception {
		Path templates = this.directory.resolve("templates");
		Path log = this.directory.resolve("kafka.log");
		Path first = this.directory.resolve("first");
		Path second = this.directory.resolve("second");

		KafkaBrokerProcess.format(KafkaBrokerProcess.brokerProperties(19092, 19093, first, 3), first, log, templates);
		KafkaBrokerProcess.format(KafkaBrokerProcess.brokerProperties(29092, 29093, second, 3), second, log, templates);

		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(output.lines().filter((line) -> line.startsWith("Formatting metadata directory"))).as(output)
			.hasSize(1);
		Properties one = meta(first);
		Properties two = meta(second);
		for (Properties meta : new Properties[] { one, two }) {
			assertThat(meta.getProperty("node.id")).isEqualTo("1");
			assertThat(meta.getProperty("version")).isEqualTo("1");
		}
		assertThat(one.getProperty("cluster.id")).isNotBlank().isNotEqualTo(two.getProperty("cluster.id"));
		assertThat(one.getProperty("directory.id")).isNotBlank().isNotEqualTo(two.getProperty("directory.id"));
		assertThat(Files.readAllBytes(first.resolve("bootstrap.checkpoint"))).isNotEmpty()
			.isEqualTo(Files.readAllBytes(second.resolve("bootstrap.checkpoint")));
		// Nothing half-written is left beside them.
		try (var files = Files.list(second)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactlyInAnyOrder("meta.properties",
					"bootstrap.checkpoint");
		}
	}

	private static Properties meta(Path data) throws IOException {
		Properties meta = new Properties();
		try (Reader in = Files.newBufferedReader(data.resolve("meta.properties"))) {
			meta.load(in);
		}
		return meta;
	}

}
