package com.cloudstorage.files.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Checks one rendered object against its API: the Kubernetes kinds through fabric8's
 * typed models (generated from the Kubernetes OpenAPI), KEDA's kinds and the Prometheus
 * Operator's PodMonitor through JSON Schemas of their CRDs. A kind we do not know, a
 * field the API does not have (at any depth), a value of the wrong type or an unparsable
 * quantity is a problem.
 */
final class ApiSchemas {

	/**
	 * apiVersion/kind → typed model. Anything else, except KEDA's kinds below, is
	 * refused.
	 */
	private static final Map<String, Class<?>> MODELS = Map.of("v1/ConfigMap", ConfigMap.class, "v1/Secret",
			Secret.class, "v1/Service", Service.class, "v1/Namespace", Namespace.class, "apps/v1/Deployment",
			Deployment.class, "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
			"policy/v1/PodDisruptionBudget", PodDisruptionBudget.class, "networking.k8s.io/v1/NetworkPolicy",
			NetworkPolicy.class, "networking.k8s.io/v1/Ingress", Ingress.class);

	private static final List<String> CUSTOM_KINDS = List.of("keda.sh/v1alpha1/ScaledObject",
			"keda.sh/v1alpha1/TriggerAuthentication", "monitoring.coreos.com/v1/PodMonitor");

	private static final ObjectMapper STRICT = new ObjectMapper()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

	private static final SchemaRegistry REGISTRY = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private ApiSchemas() {
	}

	static String id(JsonNode object) {
		return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
	}

	static String name(JsonNode object) {
		return id(object) + " " + object.path("metadata").path("name").asText("<no name>");
	}

	/** What is wrong with the object; empty when it is valid. */
	static List<String> problems(JsonNode object) {
		String id = id(object);
		if (CUSTOM_KINDS.contains(id)) {
			return customResourceProblems(object);
		}
		Class<?> model = MODELS.get(id);
		if (model == null) {
			return List.of(name(object) + ": no known API for " + id);
		}
		Object typed;
		try {
			typed = STRICT.treeToValue(object, model);
		}
		catch (IOException | IllegalArgumentException ex) {
			return List.of(name(object) + ": " + ex.getMessage().lines().findFirst().orElse(""));
		}
		List<String> problems = new ArrayList<>();
		walk(typed, name(object), problems);
		return problems;
	}

	private static List<String> customResourceProblems(JsonNode object) {
		String resource = "schemas/" + id(object).replace('/', '-') + ".json";
		try (InputStream in = ApiSchemas.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				return List.of(name(object) + ": no schema " + resource);
			}
			Schema schema = REGISTRY.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
			return schema.validate(STRICT.writeValueAsString(object), InputFormat.JSON)
				.stream()
				.map((error) -> name(object) + ": " + error)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * fabric8's models keep fields they do not know in {@code additionalProperties}
	 * instead of failing: any entry there, at any depth, is a field the API does not
	 * have.
	 */
	private static void walk(Object value, String path, List<String> problems) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> walk(item, path + "." + key, problems));
			return;
		}
		if (value instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				walk(item, path + "[" + index++ + "]", problems);
			}
			return;
		}
		if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		if (value instanceof Quantity quantity) {
			try {
				quantity.getNumericalAmount();
			}
			catch (IllegalArgumentException ex) {
				problems.add(path + ": not a quantity: " + quantity);
			}
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
				continue;
			}
			Object field = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				if (field instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
					problems.add(path + ": unknown field(s) " + unknown.keySet());
				}
				continue;
			}
			String property = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
			walk(field, path + "." + property, problems);
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Cannot read " + getter, ex);
		}
	}

}
