package com.cloudstorage.files.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml's Kafka security, read as compose would: the broker's
 * {@code KAFKA_*} settings as broker properties (the apache/kafka image's rule: drop the
 * prefix, lower-case, {@code _} becomes {@code .}), the SASL users from its JAAS line,
 * and the topics and ACLs that {@code kafka-setup} creates.
 */
final class ComposeKafka {

	private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}");

	private static final Pattern USER = Pattern.compile("user_([a-z0-9]+)=\"([^\"]*)\"");

	private static final Pattern TOPIC = Pattern
		.compile("\\$topics --create --if-not-exists --topic (\\S+) --partitions (\\d+)");

	private static final Pattern ACL = Pattern
		.compile("\\$acls --allow-principal User:(\\S+)((?: --operation \\S+)+) --(topic|group) (\\S+)");

	record Acl(String user, List<String> operations, String resourceType, String resource) {
	}

	private final Map<String, Object> services;

	@SuppressWarnings("unchecked")
	ComposeKafka(Path composeFile) {
		try {
			Map<String, Object> compose = new Yaml().load(Files.readString(composeFile));
			this.services = (Map<String, Object>) compose.get("services");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ComposeKafka load() {
		return new ComposeKafka(RenderedManifests.k8sFolder().getParent().getParent().resolve("docker-compose.yml"));
	}

	/**
	 * The broker's properties; {@code ${VAR:-default}} take their defaults, as with no
	 * .env file.
	 */
	Map<String, String> brokerProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		environment("kafka").forEach((name, value) -> {
			if (!name.startsWith("KAFKA_")) {
				return;
			}
			if (name.contains("__")) {
				throw new IllegalStateException(name + ": names with __ are converted differently by images; avoid");
			}
			properties.put(name.substring("KAFKA_".length()).toLowerCase().replace('_', '.'), value);
		});
		return properties;
	}

	/** SASL users and their passwords, from the broker's JAAS configuration. */
	Map<String, String> users() {
		Map<String, String> users = new LinkedHashMap<>();
		Matcher matcher = USER.matcher(brokerProperties().get("listener.name.broker.plain.sasl.jaas.config"));
		while (matcher.find()) {
			users.put(matcher.group(1), matcher.group(2));
		}
		return users;
	}

	/** Topic → partitions, as kafka-setup creates them. */
	Map<String, Integer> topics() {
		Map<String, Integer> topics = new LinkedHashMap<>();
		Matcher matcher = TOPIC.matcher(setupScript());
		while (matcher.find()) {
			topics.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
		}
		return topics;
	}

	List<Acl> acls() {
		List<Acl> acls = new ArrayList<>();
		Matcher matcher = ACL.matcher(setupScript());
		while (matcher.find()) {
			List<String> operations = new ArrayList<>();
			for (String part : matcher.group(2).trim().split("\\s+")) {
				if (!part.equals("--operation")) {
					operations.add(part);
				}
			}
			acls.add(new Acl(matcher.group(1), operations, matcher.group(3), matcher.group(4)));
		}
		return acls;
	}

	/**
	 * A service's environment (strings, defaults applied, {@code $$} as the shell sees
	 * it).
	 */
	@SuppressWarnings("unchecked")
	Map<String, String> environment(String service) {
		Map<String, Object> definition = (Map<String, Object>) this.services.get(service);
		Map<String, String> environment = new LinkedHashMap<>();
		((Map<String, Object>) definition.get("environment"))
			.forEach((name, value) -> environment.put(name, interpolate(String.valueOf(value))));
		return environment;
	}

	@SuppressWarnings("unchecked")
	private String setupScript() {
		Map<String, Object> setup = (Map<String, Object>) this.services.get("kafka-setup");
		List<String> entrypoint = (List<String>) setup.get("entrypoint");
		return interpolate(entrypoint.get(entrypoint.size() - 1));
	}

	private static String interpolate(String value) {
		return DEFAULTED.matcher(value)
			.replaceAll((match) -> Matcher.quoteReplacement(match.group(1)))
			.replace("$$", "$");
	}

}
