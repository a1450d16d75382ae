package com.cloudstorage.files.gateway.error;

import java.util.Map;
import java.util.Set;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import com.cloudstorage.files.kit.problem.Problem;
import com.cloudstorage.files.kit.problem.ProblemCode;
import com.cloudstorage.files.kit.problem.ProblemMappings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's failures in the kit's catalogue: an open breaker is an outage, and a
 * problem answered by one of our services is passed on with its code, detail and
 * extensions (e.g. the submitted documents of a refused delete).
 */
@Configuration(proxyBeanMethods = false)
class GatewayProblems {

	private static final Logger LOG = LoggerFactory.getLogger(GatewayProblems.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "instance", "code");

	@Bean
	ProblemMappings gatewayProblemMappings() {
		return (registry) -> registry
			.map(CallNotPermittedException.class,
					(ex) -> Problem.of(ProblemCode.SERVICE_UNAVAILABLE,
							"A service behind the gateway is unavailable right now."))
			.map(DownstreamProblemException.class, GatewayProblems::relayed);
	}

	static Problem relayed(DownstreamProblemException ex) {
		Map<String, Object> members = members(ex.body());
		Object code = members.get("code");
		ProblemCode known = ProblemCode.fromCode((code != null) ? code.toString() : null)
			.orElseGet(() -> ProblemCode.forStatus(ex.status().value()));
		Object detail = members.get("detail");
		Problem problem = Problem.of(known, (detail != null) ? detail.toString() : null);
		members.forEach((name, value) -> {
			if (!STANDARD_MEMBERS.contains(name) && value != null) {
				problem.with(name, value);
			}
		});
		return problem;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> members(byte[] body) {
		try {
			Object parsed = JSON.readValue(body, Object.class);
			return (parsed instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
		}
		catch (JacksonException ex) {
			LOG.warn("A downstream service answered a problem that is not JSON");
			return Map.of();
		}
	}

}
