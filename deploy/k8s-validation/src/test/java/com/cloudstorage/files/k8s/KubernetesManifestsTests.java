package com.cloudstorage.files.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production and dev overlays of {@code deploy/k8s} as {@code kubectl kustomize}
 * renders them: valid against the Kubernetes and KEDA APIs, and wired the way the
 * services really work (ports, probes, modes, who may call whom, which secret goes
 * where).
 */
class KubernetesManifestsTests {

	private static final List<String> SERVICES = List.of("gateway-service", "metadata-service", "storage-service-api",
			"storage-service-workers", "share-link-service");

	private static final Map<String, Integer> PORTS = Map.of("gateway-service", 8080, "metadata-service", 8081,
			"storage-service-api", 8082, "storage-service-workers", 8082, "share-link-service", 8083);

	private static final Set<String> PROVIDER_SECRETS = Set.of("storage-provider", "share-link-provider");

	private static List<JsonNode> production;

	private static List<JsonNode> dev;

	private static List<JsonNode> monitoring;

	@BeforeAll
	static void render() {
		production = RenderedManifests.render("production");
		dev = RenderedManifests.render("dev");
		monitoring = RenderedManifests.render("production-monitoring");
	}

	@ParameterizedTest
	@ValueSource(strings = { "production", "dev", "production-monitoring" })
	void everyRenderedObjectIsValidAgainstItsApi(String overlay) {
		List<JsonNode> objects = switch (overlay) {
			case "production" -> production;
			case "dev" -> dev;
			default -> monitoring;
		};
		assertThat(objects).hasSizeGreaterThan(20);
		List<String> problems = objects.stream().flatMap((object) -> ApiSchemas.problems(object).stream()).toList();
		assertThat(problems).as("objects that do not match their API").isEmpty();
	}

	@Test
	void theValidatorRefusesUnknownFieldsWrongTypesAndUnknownKinds() {
		JsonNode deployment = find(production, "Deployment", "gateway-service").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) deployment.at("/spec/template/spec/containers/0"))
			.put("imagePullPolcy", "Always");
		assertThat(ApiSchemas.problems(deployment)).singleElement().asString().contains("imagePullPolcy");

		JsonNode replicas = find(production, "Deployment", "storage-service-api").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) replicas.at("/spec")).put("replicas", "two");
		assertThat(ApiSchemas.problems(replicas)).isNotEmpty();

		JsonNode memory = find(production, "Deployment", "metadata-service").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) memory
			.at("/spec/template/spec/containers/0/resources/limits")).put("memory", "lots");
		assertThat(ApiSchemas.problems(memory)).isNotEmpty();

		JsonNode scaled = find(production, "ScaledObject", "storage-service-workers").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) scaled.at("/spec")).put("maxReplicas", 3);
		assertThat(ApiSchemas.problems(scaled)).singleElement().asString().contains("maxReplicas");

		JsonNode podMonitor = find(monitoring, "PodMonitor", "cloud-storage").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) podMonitor.at("/spec/podMetricsEndpoints/0")).put("intervall",
				"30s");
		assertThat(ApiSchemas.problems(podMonitor)).isNotEmpty()
			.anySatisfy((problem) -> assertThat(problem).contains("intervall"));
		JsonNode interval = find(monitoring, "PodMonitor", "cloud-storage").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) interval.at("/spec/podMetricsEndpoints/0")).put("interval",
				"half a minute");
		assertThat(ApiSchemas.problems(interval)).isNotEmpty();
		JsonNode noTokenUrl = find(monitoring, "PodMonitor", "cloud-storage").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) noTokenUrl.at("/spec/podMetricsEndpoints/0/oauth2"))
			.remove("tokenUrl");
		assertThat(ApiSchemas.problems(noTokenUrl)).isNotEmpty();

		JsonNode unknownKind = find(production, "Service", "gateway-service").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) unknownKind).put("apiVersion", "v2");
		assertThat(ApiSchemas.problems(unknownKind)).singleElement().asString().contains("no known API");
	}

	@Test
	void everyServiceHasADeploymentAServiceOnItsPortAndADisruptionBudget() {
		for (String service : SERVICES) {
			JsonNode deployment = find(production, "Deployment", service);
			JsonNode container = deployment.at("/spec/template/spec/containers/0");
			int port = PORTS.get(service);
			assertThat(container.at("/ports/0/containerPort").asInt()).as(service).isEqualTo(port);
			assertThat(env(container).get("SERVER_PORT")).as(service).isEqualTo(String.valueOf(port));
			JsonNode labels = deployment.at("/spec/template/metadata/labels");
			assertThat(deployment.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo(service);
			assertThat(labels.path("app.kubernetes.io/name").asText()).isEqualTo(service);

			JsonNode svc = find(production, "Service", service);
			assertThat(svc.at("/spec/selector").path("app.kubernetes.io/name").asText()).isEqualTo(service);
			assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(port);

			JsonNode budget = find(production, "PodDisruptionBudget", service);
			assertThat(budget.at("/spec/selector/matchLabels").path("app.kubernetes.io/name").asText())
				.isEqualTo(service);
		}
	}

	@Test
	void probesUseTheActuatorHealthGroupsOnTheServingPort() {
		for (String service : SERVICES) {
			JsonNode container = find(production, "Deployment", service).at("/spec/template/spec/containers/0");
			String portName = container.at("/ports/0/name").asText();
			assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
			assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
			assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
			for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
				assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(service + " " + probe)
					.isEqualTo(portName);
			}
			assertThat(resolvedEnv(container).get("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED")).isEqualTo("true");
		}
	}

	@Test
	void memoryLimitsFollowTheHeapBoundWeTest() {
		for (String service : SERVICES) {
			JsonNode container = find(production, "Deployment", service).at("/spec/template/spec/containers/0");
			String javaOptions = resolvedEnv(container).get("JAVA_TOOL_OPTIONS");
			assertThat(javaOptions).as(service).contains("-Xmx256m");
			long limit = bytes(container.at("/resources/limits/memory").asText());
			long request = bytes(container.at("/resources/requests/memory").asText());
			// Heap plus at least as much again for Netty's direct buffers, metaspace and
			// threads (measured RSS at
			// -Xmx256m under load: 511 MB), and no more than the heap allows use of.
			assertThat(limit).as(service).isBetween(2 * bytes("256Mi"), 4 * bytes("256Mi"));
			assertThat(request).as(service).isLessThanOrEqualTo(limit).isGreaterThanOrEqualTo(bytes("256Mi"));
			assertThat(container.at("/resources/requests/cpu").isMissingNode()).as(service).isFalse();
		}
	}

	@Test
	void storageRunsTwiceFromOneImageAsByteApiAndAsWorkers() {
		JsonNode api = find(production, "Deployment", "storage-service-api").at("/spec/template/spec/containers/0");
		JsonNode workers = find(production, "Deployment", "storage-service-workers")
			.at("/spec/template/spec/containers/0");
		assertThat(api.path("image").asText()).isEqualTo(workers.path("image").asText()).contains("storage-service");
		assertThat(env(api).get("FILES_STORAGE_MODE")).isEqualTo("api");
		assertThat(env(workers).get("FILES_STORAGE_MODE")).isEqualTo("workers");
		// The byte API neither consumes nor publishes: it gets no Kafka credentials.
		assertThat(secretRefs(api)).noneMatch((ref) -> ref.startsWith("storage-kafka/"));
		assertThat(secretRefs(workers)).contains("storage-kafka/username", "storage-kafka/password");
		// The gateway calls the byte API, never the workers.
		JsonNode gateway = find(production, "Deployment", "gateway-service").at("/spec/template/spec/containers/0");
		assertThat(env(gateway).get("FILES_GATEWAY_STORAGEURL")).isEqualTo("http://storage-service-api:8082");
		assertThat(env(gateway).get("FILES_GATEWAY_METADATAURL")).isEqualTo("http://metadata-service:8081");
		assertThat(env(gateway).get("FILES_GATEWAY_SHARELINKURL")).isEqualTo("http://share-link-service:8083");
	}

	@Test
	void gatewayMetadataAndShareLinkScaleOnCpu() {
		for (String service : List.of("gateway-service", "metadata-service", "share-link-service")) {
			JsonNode hpa = find(production, "HorizontalPodAutoscaler", service);
			assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
			assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(service);
			assertThat(hpa.at("/spec/minReplicas").asInt()).as(service).isGreaterThanOrEqualTo(2);
			assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
			assertThat(find(production, "Deployment", service).at("/spec/replicas").isMissingNode())
				.as(service + ": the autoscaler owns the replica count")
				.isTrue();
		}
	}

	@Test
	void workersScaleOnTheirConsumerGroupsLagUpToThePartitionsOfFilesV1() throws IOException {
		JsonNode scaled = find(production, "ScaledObject", "storage-service-workers");
		assertThat(scaled.at("/spec/scaleTargetRef/name").asText()).isEqualTo("storage-service-workers");
		JsonNode trigger = scaled.at("/spec/triggers/0");
		assertThat(trigger.path("type").asText()).isEqualTo("kafka");
		assertThat(trigger.at("/metadata/topic").asText()).isEqualTo("files.v1");
		// spring.kafka.consumer.group-id = ${spring.application.name} in
		// storage-service's application.yml.
		assertThat(trigger.at("/metadata/consumerGroup").asText()).isEqualTo("storage-service");
		assertThat(scaled.at("/spec/minReplicaCount").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(scaled.at("/spec/maxReplicaCount").asInt()).isBetween(1, filesV1Partitions());
		// The broker address the trigger reads from the workers' environment exists
		// there.
		JsonNode workers = find(production, "Deployment", "storage-service-workers")
			.at("/spec/template/spec/containers/0");
		assertThat(resolvedEnv(workers)).containsKey(trigger.at("/metadata/bootstrapServersFromEnv").asText());
		JsonNode auth = find(production, "TriggerAuthentication", trigger.at("/authenticationRef/name").asText());
		assertThat(auth.at("/spec/secretTargetRef")).isNotEmpty();
		assertThat(find(production, "Deployment", "storage-service-workers").at("/spec/replicas").isMissingNode())
			.isTrue();
	}

	@Test
	void productionHoldsNoSecretAndNoCredentialSitsInAConfigMap() {
		assertThat(production).noneMatch((object) -> object.path("kind").asText().equals("Secret"));
		Pattern credential = Pattern.compile("(?i)password|secret|token|credential|access.?key|jaas|private");
		Set<String> fakeValues = new HashSet<>();
		for (JsonNode object : dev) {
			if (object.path("kind").asText().equals("Secret")) {
				object.path("data").forEach((value) -> fakeValues.add(value.asText()));
			}
		}
		for (List<JsonNode> objects : List.of(production, dev)) {
			for (JsonNode object : objects) {
				if (!object.path("kind").asText().equals("ConfigMap")) {
					continue;
				}
				object.path("data").properties().forEach((entry) -> {
					assertThat(entry.getKey()).as(ApiSchemas.name(object)).doesNotContainPattern(credential);
					assertThat(fakeValues).as(ApiSchemas.name(object) + " " + entry.getKey())
						.doesNotContain(entry.getValue().asText());
				});
			}
		}
		// No credential is written straight into a container's environment either.
		for (String service : SERVICES) {
			JsonNode container = find(production, "Deployment", service).at("/spec/template/spec/containers/0");
			env(container).forEach((name, value) -> {
				if (credential.matcher(name).find() && !name.endsWith("_JAAS_CONFIG")) {
					throw new AssertionError(service + ": " + name + " has a literal value, not a secretKeyRef");
				}
			});
		}
	}

	@Test
	void everySecretReferenceNamesASecretAndKeyOfTheCatalogue() {
		// The dev overlay generates every Secret (with fake values): it is the catalogue
		// production must match.
		Map<String, Set<String>> catalogue = new HashMap<>();
		for (JsonNode object : dev) {
			if (object.path("kind").asText().equals("Secret")) {
				Set<String> keys = new HashSet<>();
				object.path("data").fieldNames().forEachRemaining(keys::add);
				catalogue.put(object.at("/metadata/name").asText(), keys);
			}
		}
		for (List<JsonNode> objects : List.of(production, dev)) {
			List<String> references = new ArrayList<>();
			for (JsonNode object : objects) {
				if (object.path("kind").asText().equals("Deployment")) {
					references.addAll(secretRefs(object.at("/spec/template/spec/containers/0")));
				}
				if (object.path("kind").asText().equals("TriggerAuthentication")) {
					object.at("/spec/secretTargetRef")
						.forEach((ref) -> references.add(ref.path("name").asText() + "/" + ref.path("key").asText()));
				}
			}
			assertThat(references).isNotEmpty();
			for (String reference : references) {
				String[] parts = reference.split("/");
				assertThat(catalogue.getOrDefault(parts[0], Set.of())).as(reference).contains(parts[1]);
			}
			assertThat(references.stream().map((ref) -> ref.split("/")[0]).distinct())
				.containsExactlyInAnyOrderElementsOf(catalogue.keySet());
		}
	}

	@Test
	void everyConfigMapReferenceNamesAnExistingKey() {
		JsonNode settings = find(production, "ConfigMap", "cloud-storage-settings");
		for (String service : SERVICES) {
			JsonNode container = find(production, "Deployment", service).at("/spec/template/spec/containers/0");
			for (JsonNode variable : container.path("env")) {
				JsonNode ref = variable.at("/valueFrom/configMapKeyRef");
				if (!ref.isMissingNode()) {
					assertThat(ref.path("name").asText()).isEqualTo("cloud-storage-settings");
					assertThat(settings.path("data").has(ref.path("key").asText())).as(service + " " + ref).isTrue();
				}
			}
		}
	}

	@Test
	void onlyStorageAndShareLinkGetProviderCredentialsAndShareLinksAreItsOwnReadOnlyKeys() {
		for (String service : SERVICES) {
			JsonNode container = find(production, "Deployment", service).at("/spec/template/spec/containers/0");
			Set<String> providerSecrets = new HashSet<>();
			secretRefs(container).stream()
				.map((ref) -> ref.split("/")[0])
				.filter(PROVIDER_SECRETS::contains)
				.forEach(providerSecrets::add);
			Set<String> expected = switch (service) {
				case "storage-service-api", "storage-service-workers" -> Set.of("storage-provider");
				case "share-link-service" -> Set.of("share-link-provider");
				default -> Set.of();
			};
			assertThat(providerSecrets).as(service).isEqualTo(expected);
		}
	}

	@Test
	void onlyTheGatewayIsReachableAndInternalPortsOnlyFromTheirCallers() {
		List<JsonNode> policies = production.stream()
			.filter((object) -> object.path("kind").asText().equals("NetworkPolicy"))
			.toList();
		JsonNode deny = policies.stream()
			.filter((policy) -> policy.at("/spec/podSelector").isEmpty() && !policy.at("/spec/ingress").isArray()
					&& !policy.at("/spec/egress").isArray())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no default-deny NetworkPolicy"));
		assertThat(texts(deny.at("/spec/policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");

		for (JsonNode policy : policies) {
			String target = policy.at("/spec/podSelector/matchLabels").path("app.kubernetes.io/name").asText();
			for (JsonNode rule : policy.at("/spec/ingress")) {
				if (!rule.has("from") || rule.path("from").isEmpty()) {
					assertThat(target).as("open to all: " + ApiSchemas.name(policy)).isEqualTo("gateway-service");
					continue;
				}
				for (JsonNode peer : rule.path("from")) {
					assertThat(peer.has("ipBlock") || peer.has("namespaceSelector")).as(ApiSchemas.name(policy))
						.isFalse();
					String from = peer.at("/podSelector/matchLabels").path("app.kubernetes.io/name").asText();
					if (target.equals("storage-service-workers")) {
						assertThat(
								peer.at("/podSelector/matchLabels").path("cloud-storage.io/operator-access").asText())
							.isEqualTo("true");
					}
					else {
						assertThat(from).as(ApiSchemas.name(policy)).isEqualTo("gateway-service");
					}
				}
				for (JsonNode port : rule.path("ports")) {
					assertThat(port.path("port").asInt()).as(ApiSchemas.name(policy)).isEqualTo(PORTS.get(target));
				}
			}
		}
		// Every internal service is covered by a policy that admits its callers (or
		// nobody but operators).
		for (String service : SERVICES) {
			assertThat(policies).as(service)
				.anyMatch((policy) -> policy.at("/spec/podSelector/matchLabels")
					.path("app.kubernetes.io/name")
					.asText()
					.equals(service));
		}
		// The gateway may reach each service it calls on that service's port.
		JsonNode gateway = policies.stream()
			.filter((policy) -> policy.at("/metadata/name").asText().equals("gateway-service"))
			.findFirst()
			.orElseThrow();
		for (String callee : List.of("metadata-service", "storage-service-api", "share-link-service")) {
			assertThat(StreamSupport.stream(gateway.at("/spec/egress").spliterator(), false)
				.anyMatch((rule) -> rule.at("/to/0/podSelector/matchLabels")
					.path("app.kubernetes.io/name")
					.asText()
					.equals(callee) && rule.at("/ports/0/port").asInt() == PORTS.get(callee)))
				.as("gateway → " + callee)
				.isTrue();
		}
	}

	@Test
	void theStorageGrantKeyGoesToMetadataAndTheByteApiOnly() {
		for (String service : SERVICES) {
			JsonNode container = find(production, "Deployment", service).at("/spec/template/spec/containers/0");
			List<String> refs = secretRefs(container).stream()
				.filter((ref) -> ref.startsWith("storage-grant-key/"))
				.toList();
			switch (service) {
				case "metadata-service" ->
					assertThat(refs).containsExactlyInAnyOrder("storage-grant-key/g1", "storage-grant-key/active");
				case "storage-service-api" -> assertThat(refs).containsExactly("storage-grant-key/g1");
				default -> assertThat(refs).as(service).isEmpty();
			}
		}
		// The key metadata-service signs with is one storage-service checks, under the
		// same id.
		Map<String, String> signing = keyRefs(find(production, "Deployment", "metadata-service"),
				"FILES_METADATA_STORAGEGRANTS_KEYS_");
		Map<String, String> checking = keyRefs(find(production, "Deployment", "storage-service-api"),
				"FILES_STORAGE_GRANTS_KEYS_");
		assertThat(signing).isNotEmpty().isEqualTo(checking);
	}

	@Test
	void everyServiceExportsItsTracesOverOtlpAndProductionRecordsATenth() {
		JsonNode otlpPolicy = find(production, "NetworkPolicy", "allow-otlp-export");
		for (String service : SERVICES) {
			JsonNode container = find(production, "Deployment", service).at("/spec/template/spec/containers/0");
			Map<String, String> env = resolvedEnv(container);
			java.net.URI endpoint = java.net.URI
				.create(env.get("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT"));
			assertThat(endpoint.getScheme()).as(service).isIn("http", "https");
			assertThat(endpoint.getPath()).as(service).isEqualTo("/v1/traces");
			assertThat(otlpPolicy.at("/spec/egress/0/ports/0/port").asInt()).as("egress to the collector's port")
				.isEqualTo(endpoint.getPort());
			assertThat(Double.parseDouble(env.get("MANAGEMENT_TRACING_SAMPLING_PROBABILITY"))).as(service)
				.isEqualTo(0.1);
		}
		assertThat(otlpPolicy.at("/spec/podSelector").isEmpty()).as("every pod exports spans").isTrue();
	}

	@Test
	void productionLogsAreJsonLinesAndDevLogsStayText() {
		for (String service : SERVICES) {
			JsonNode container = find(production, "Deployment", service).at("/spec/template/spec/containers/0");
			assertThat(resolvedEnv(container).get("LOGGING_STRUCTURED_FORMAT_CONSOLE")).as(service).isEqualTo("ecs");
			JsonNode devContainer = find(dev, "Deployment", service).at("/spec/template/spec/containers/0");
			assertThat(StreamSupport.stream(devContainer.path("env").spliterator(), false)
				.map((variable) -> variable.path("name").asText())).as(service)
				.doesNotContain("LOGGING_STRUCTURED_FORMAT_CONSOLE");
		}
	}

	@Test
	void theMonitoringOverlayScrapesEveryServiceWithItsOwnTokenAndAdmitsOnlyPrometheus() {
		// Production, plus exactly the PodMonitor and its NetworkPolicy.
		Set<String> added = new HashSet<>(monitoring.stream().map(ApiSchemas::name).toList());
		added.removeAll(production.stream().map(ApiSchemas::name).toList());
		assertThat(added).containsExactlyInAnyOrder("monitoring.coreos.com/v1/PodMonitor cloud-storage",
				"networking.k8s.io/v1/NetworkPolicy allow-prometheus");
		assertThat(monitoring).hasSize(production.size() + 2);

		JsonNode podMonitor = find(monitoring, "PodMonitor", "cloud-storage");
		JsonNode endpoint = podMonitor.at("/spec/podMetricsEndpoints/0");
		assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
		for (String service : SERVICES) {
			JsonNode template = find(monitoring, "Deployment", service).at("/spec/template");
			podMonitor.at("/spec/selector/matchLabels")
				.properties()
				.forEach((label) -> assertThat(template.at("/metadata/labels").path(label.getKey()).asText())
					.as(service + " is selected")
					.isEqualTo(label.getValue().asText()));
			List<String> portNames = new ArrayList<>();
			template.at("/spec/containers/0/ports").forEach((port) -> portNames.add(port.path("name").asText()));
			assertThat(portNames).as(service + " serves the scraped port").contains(endpoint.path("port").asText());
		}
		// Prometheus fetches its own client-credentials token at the issuer the services
		// trust; the client's secret stays in a Secret.
		JsonNode oauth2 = endpoint.path("oauth2");
		assertThat(oauth2.at("/clientId/secret/name").asText()).isEqualTo("prometheus-scraper");
		assertThat(oauth2.at("/clientSecret/name").asText()).isEqualTo("prometheus-scraper");
		assertThat(oauth2.path("tokenUrl").asText()).isEqualTo(
				find(production, "ConfigMap", "cloud-storage-settings").at("/data/ISSUER_GRANT_ENDPOINT").asText());

		JsonNode policy = find(monitoring, "NetworkPolicy", "allow-prometheus");
		assertThat(texts(policy.at("/spec/policyTypes"))).containsExactly("Ingress");
		assertThat(policy.at("/spec/egress").isMissingNode()).isTrue();
		assertThat(policy.at("/spec/ingress")).hasSize(1);
		JsonNode rule = policy.at("/spec/ingress/0");
		assertThat(rule.path("from")).hasSize(1);
		assertThat(rule.at("/from/0/namespaceSelector/matchLabels").path("kubernetes.io/metadata.name").asText())
			.isEqualTo("monitoring");
		assertThat(rule.at("/from/0/podSelector/matchLabels").path("app.kubernetes.io/name").asText())
			.isEqualTo("prometheus");
		assertThat(rule.at("/from/0/ipBlock").isMissingNode()).isTrue();
		Set<Integer> ports = new HashSet<>();
		rule.path("ports").forEach((port) -> ports.add(port.path("port").asInt()));
		assertThat(ports).isEqualTo(new HashSet<>(PORTS.values()));
	}

	/** {@code <id> → secret/key} of the env variables named {@code prefix<ID>}. */
	private static Map<String, String> keyRefs(JsonNode deployment, String prefix) {
		Map<String, String> refs = new HashMap<>();
		for (JsonNode variable : deployment.at("/spec/template/spec/containers/0/env")) {
			String name = variable.path("name").asText();
			JsonNode ref = variable.at("/valueFrom/secretKeyRef");
			if (name.startsWith(prefix) && !ref.isMissingNode()) {
				refs.put(name.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT),
						ref.path("name").asText() + "/" + ref.path("key").asText());
			}
		}
		return refs;
	}

	/**
	 * The partitions docker-compose.yml creates files.v1 with (the local stack uses the
	 * same number).
	 */
	private static int filesV1Partitions() throws IOException {
		Path compose = RenderedManifests.k8sFolder().getParent().getParent().resolve("docker-compose.yml");
		Matcher matcher = Pattern.compile("--topic files\\.v1 --partitions (\\d+)").matcher(Files.readString(compose));
		assertThat(matcher.find()).as("docker-compose.yml creates files.v1 with a partition count").isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private static JsonNode find(List<JsonNode> objects, String kind, String name) {
		return objects.stream()
			.filter((object) -> object.path("kind").asText().equals(kind)
					&& object.at("/metadata/name").asText().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name));
	}

	/** Literal env values. */
	private static Map<String, String> env(JsonNode container) {
		Map<String, String> values = new HashMap<>();
		for (JsonNode variable : container.path("env")) {
			if (variable.has("value")) {
				values.put(variable.path("name").asText(), variable.path("value").asText());
			}
		}
		return values;
	}

	/** Env values, with ConfigMap references resolved against the rendered settings. */
	private static Map<String, String> resolvedEnv(JsonNode container) {
		JsonNode settings = find(production, "ConfigMap", "cloud-storage-settings").path("data");
		Map<String, String> values = new HashMap<>(env(container));
		for (JsonNode variable : container.path("env")) {
			JsonNode ref = variable.at("/valueFrom/configMapKeyRef");
			if (!ref.isMissingNode()) {
				values.put(variable.path("name").asText(), settings.path(ref.path("key").asText()).asText());
			}
		}
		return values;
	}

	/** Secret references as {@code name/key}. */
	private static List<String> secretRefs(JsonNode container) {
		List<String> refs = new ArrayList<>();
		for (JsonNode variable : container.path("env")) {
			JsonNode ref = variable.at("/valueFrom/secretKeyRef");
			if (!ref.isMissingNode()) {
				refs.add(ref.path("name").asText() + "/" + ref.path("key").asText());
			}
		}
		assertThat(container.path("envFrom").isMissingNode()).as("envFrom hides which secret goes where").isTrue();
		return refs;
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((item) -> texts.add(item.asText()));
		return texts;
	}

	private static long bytes(String quantity) {
		return Quantity.getAmountInBytes(new Quantity(quantity)).longValueExact();
	}

}
