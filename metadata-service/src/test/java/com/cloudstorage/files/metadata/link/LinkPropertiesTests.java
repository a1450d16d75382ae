package com.cloudstorage.files.metadata.link;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which key configurations the service accepts. */
class LinkPropertiesTests {

	private static final URI BASE = URI.create("https://files.example");

	private static final String KEY = "dGVzdC1vbmx5LWxpbmstdG9rZW4ta2V5LTMyLWJ5dGU=";

	@Test
	void noKeyIsRefusedWithWhatToSet() {
		assertThatThrownBy(() -> new LinkProperties(BASE, null, null, null))
			.hasMessageContaining("No link-token encryption key is configured")
			.hasMessageContaining("files.metadata.links.token-keys.<key-id>");
		assertThatThrownBy(() -> new LinkProperties(BASE, Map.of(), "k1", null))
			.hasMessageContaining("No link-token encryption key is configured");
	}

	@Test
	void oneKeyIsActiveWithoutBeingNamed() {
		assertThat(new LinkProperties(BASE, Map.of("k1", KEY), null, null).activeTokenKey()).isEqualTo("k1");
	}

	@Test
	void severalKeysNeedTheActiveOneNamedAndKnown() {
		assertThatThrownBy(() -> new LinkProperties(BASE, Map.of("k1", KEY, "k2", KEY), null, null))
			.hasMessageContaining("active-token-key");
		assertThatThrownBy(() -> new LinkProperties(BASE, Map.of("k1", KEY, "k2", KEY), "k3", null))
			.hasMessageContaining("'k3' is not among");
		assertThat(new LinkProperties(BASE, Map.of("k1", KEY, "k2", KEY), "k2", null).activeTokenKey()).isEqualTo("k2");
	}

	@Test
	void keyIdsCannotContainTheSeparator() {
		assertThatThrownBy(() -> new LinkProperties(BASE, Map.of("k.1", KEY), null, null))
			.hasMessageContaining("lower-case letters");
	}

	/** What compose and Kubernetes set: environment variables. */
	@Test
	void keysBindFromEnvironmentVariables() {
		SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.of("FILES_METADATA_LINKS_PUBLICBASEURL", "https://files.example",
						"FILES_METADATA_LINKS_TOKENKEYS_K1", KEY, "FILES_METADATA_LINKS_TOKENKEYS_K2", KEY,
						"FILES_METADATA_LINKS_ACTIVETOKENKEY", "k2"));
		LinkProperties bound = new Binder(ConfigurationPropertySources.from(environment))
			.bind("files.metadata.links", LinkProperties.class)
			.get();

		assertThat(bound.tokenKeys()).containsOnlyKeys("k1", "k2");
		assertThat(bound.activeTokenKey()).isEqualTo("k2");
	}

	@Test
	void theKeysNeverShowInToString() {
		assertThat(new LinkProperties(BASE, Map.of("k1", KEY), null, null).toString()).doesNotContain(KEY)
			.contains("k1");
	}

}
